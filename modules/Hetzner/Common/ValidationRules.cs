using FluentValidation;

namespace Panel.Modules.Hetzner.Common;

/// <summary>Rules shared by the module's validators, with messages written for the person filling in the form.</summary>
internal static class ValidationRules
{
    public static IRuleBuilderOptions<T, string> SingleLineText<T>(this IRuleBuilderInitial<T, string> rule, int maxLength) =>
        rule.Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("{PropertyName} is required.")
            .MaximumLength(maxLength).WithMessage("{PropertyName} must be at most {MaxLength} characters long (it has {TotalLength}).")
            .Must(value => !value.Any(IsInvisible))
            .WithMessage("{PropertyName} must not contain control or invisible characters such as line breaks, tabs or direction marks.");

    /// <summary>Control characters, and format characters (zero-width spaces, bidirectional overrides) that would make
    /// a name look different from what it is in the table and on the Events page.</summary>
    private static bool IsInvisible(char c) =>
        char.IsControl(c) || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format;

    public static IRuleBuilderOptions<T, int> OneOf<T>(this IRuleBuilder<T, int> rule, IReadOnlyList<int> options, string unit) =>
        rule.Must(options.Contains)
            .WithMessage($"{{PropertyName}} must be one of {string.Join(", ", options)} {unit}.");
}
