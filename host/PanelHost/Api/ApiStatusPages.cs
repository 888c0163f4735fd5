using System.Globalization;
using System.Reflection;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace PanelHost.Api;

/// <summary>
/// Bodies for API answers that left the pipeline without one (404 for an unknown route, 400 from a binding check, …):
/// always ProblemDetails, never the HTML shell. A 400 that a source-generated endpoint (Request Delegate Generator)
/// answers for a query or route value it could not parse carries no exception and no reason, so the value is parsed
/// again here, against the endpoint's own parameter metadata, to name the field as <see cref="ApiExceptionHandler"/>
/// does for the reflection-built endpoints. Written by hand: the framework has no hook for that failure.
/// </summary>
internal static class ApiStatusPages
{
    public static async Task WriteAsync(StatusCodeContext context)
    {
        var http = context.HttpContext;
        ProblemDetails problem = http.Response.StatusCode == StatusCodes.Status400BadRequest && UnparsableValue(http) is { } failure
            ? new ValidationProblemDetails(new Dictionary<string, string[]> { [failure.Name] = [$"'{failure.Value}' is not a valid value for {failure.Name}."] })
            {
                Title = "The request could not be read.",
                Status = StatusCodes.Status400BadRequest,
            }
            : new ProblemDetails { Status = http.Response.StatusCode };

        // Written directly, as in ApiExceptionHandler: the problem-details service declines when Accept names no JSON.
        await TypedResults.Problem(problem).ExecuteAsync(http).ConfigureAwait(false);
    }

    /// <summary>The first route or query value of the endpoint that does not parse as its parameter's type.</summary>
    internal static (string Name, string Value)? UnparsableValue(HttpContext http)
    {
        var parameters = http.GetEndpoint()?.Metadata.GetOrderedMetadata<IParameterBindingMetadata>() ?? [];
        foreach (var parameter in parameters.Where(p => p.HasTryParse))
        {
            var raw = http.Request.RouteValues.TryGetValue(parameter.Name, out var route) && route is not null
                ? Convert.ToString(route, CultureInfo.InvariantCulture)
                : http.Request.Query[parameter.Name].ToString();
            if (!string.IsNullOrEmpty(raw) && !Parses(parameter.ParameterInfo.ParameterType, raw))
            {
                return (parameter.Name, raw);
            }
        }

        return null;
    }

    private static bool Parses(Type type, string value)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string))
        {
            return true;
        }

        if (type.IsEnum)
        {
            return Enum.TryParse(type, value, ignoreCase: true, out _);
        }

        var tryParse = type.GetMethod("TryParse", BindingFlags.Public | BindingFlags.Static, [typeof(string), typeof(IFormatProvider), type.MakeByRefType()])
            ?? type.GetMethod("TryParse", BindingFlags.Public | BindingFlags.Static, [typeof(string), type.MakeByRefType()]);
        if (tryParse is null)
        {
            return true;
        }

        object?[] arguments = tryParse.GetParameters().Length == 3 ? [value, CultureInfo.InvariantCulture, null] : [value, null];
        return tryParse.Invoke(null, arguments) is true;
    }
}
