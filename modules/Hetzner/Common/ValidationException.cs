namespace Panel.Modules.Hetzner.Common;

/// <summary>
/// A request was refused because of its input, with the messages grouped by field (camelCase, as in the JSON body).
/// Private to the module: the endpoint filter turns it into a ValidationProblem, the pages into messages beside the fields.
/// </summary>
internal sealed class ValidationException : Exception
{
    public ValidationException(IReadOnlyDictionary<string, string[]> errors)
        : base("The request is not valid: " + string.Join(" ", errors.SelectMany(e => e.Value)))
    {
        Errors = errors;
    }

    public ValidationException(string field, string message)
        : this(new Dictionary<string, string[]> { [FieldName(field)] = [message] })
    {
    }

    public IReadOnlyDictionary<string, string[]> Errors { get; }

    /// <summary>FluentValidation's failures, grouped by field.</summary>
    public static ValidationException From(IEnumerable<FluentValidation.Results.ValidationFailure> failures) =>
        new(failures
            .GroupBy(f => FieldName(f.PropertyName))
            .ToDictionary(g => g.Key, g => g.Select(f => f.ErrorMessage).Distinct().ToArray()));

    /// <summary>The JSON name of a request property: <c>FrequencyHours</c> becomes <c>frequencyHours</c>.</summary>
    public static string FieldName(string propertyName) =>
        string.IsNullOrEmpty(propertyName) ? propertyName : char.ToLowerInvariant(propertyName[0]) + propertyName[1..];
}
