using FluentValidation;

namespace Panel.Modules.Hetzner.Common;

/// <summary>Rules shared by the module's validators, with messages written for the person filling in the form.</summary>
internal static class ValidationRules
{
    public static IRuleBuilderOptions<T, string> SingleLineText<T>(this IRuleBuilderInitial<T, string> rule, int maxLength) =>
        rule.Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("{PropertyName} is required.")
            .MaximumLength(maxLength).WithMessage("{PropertyName} must be at most {MaxLength} characters long (it has {TotalLength}).")
            .Must(value => !value.Any(char.IsControl))
            .WithMessage("{PropertyName} must not contain control characters such as line breaks or tabs.");

    public static IRuleBuilderOptions<T, int> OneOf<T>(this IRuleBuilder<T, int> rule, IReadOnlyList<int> options, string unit) =>
        rule.Must(options.Contains)
            .WithMessage($"{{PropertyName}} must be one of {string.Join(", ", options)} {unit}.");
}
