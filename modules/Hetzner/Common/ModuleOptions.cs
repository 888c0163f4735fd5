using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Panel.Modules.Hetzner.Common;

/// <summary>The one way the module reads its configuration: options bound from its section and validated.</summary>
internal static class ModuleOptions
{
    /// <summary>
    /// Binds <typeparamref name="TOptions"/> from <paramref name="section"/> and validates it at once, so that a bad value
    /// fails the module's registration with its key named (the panel lists the module as failed, with that sentence, and
    /// keeps running) instead of the first request or run that reads it. A value that is not a number or duration at
    /// all is named by the binder in the same way.
    /// </summary>
    public static void AddValidatedOptions<TOptions>(this IServiceCollection services, IConfiguration section, IValidateOptions<TOptions> validator)
        where TOptions : class, new()
    {
        services.AddOptions<TOptions>().Bind(section);
        services.AddSingleton(validator);
        var result = validator.Validate(Options.DefaultName, section.Get<TOptions>() ?? new TOptions());
        if (result.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(TOptions), result.Failures);
        }
    }

    /// <summary>Where <paramref name="section"/> sits in the configuration (<c>Modules:hetzner</c>), for messages.</summary>
    public static string PathOf(IConfiguration section) => section is IConfigurationSection named ? named.Path : "";
}

/// <summary>Collects one sentence per bad key: "<c>Modules:hetzner:Key</c> must be …; it is …".</summary>
internal sealed class ModuleOptionFailures(string sectionPath)
{
    private readonly List<string> _failures = [];

    public ValidateOptionsResult Result => _failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(_failures);

    public void Add(string key, string rule, object? value)
    {
        var fullKey = sectionPath.Length == 0 ? key : ConfigurationPath.Combine(sectionPath, key);
        _failures.Add(string.Create(CultureInfo.InvariantCulture, $"{fullKey} {rule}; it is {value ?? "empty"}."));
    }
}
