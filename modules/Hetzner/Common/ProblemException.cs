using Microsoft.AspNetCore.Http;

namespace Panel.Modules.Hetzner.Common;

/// <summary>A request that was valid but could not be carried out (nothing to act on, a conflict, Hetzner failed).
/// The endpoint filter turns it into a ProblemDetails answer; the pages show <see cref="Exception.Message"/>.</summary>
internal sealed class ProblemException : Exception
{
    public ProblemException(int statusCode, string title, string detail)
        : base(detail)
    {
        StatusCode = statusCode;
        Title = title;
    }

    public int StatusCode { get; }

    public string Title { get; }

    public static ProblemException NotFound(string detail) => new(StatusCodes.Status404NotFound, "Not found", detail);

    public static ProblemException Conflict(string detail) => new(StatusCodes.Status409Conflict, "Conflict", detail);

    /// <summary>Hetzner answered with an error or could not be reached.</summary>
    public static ProblemException Upstream(string detail) => new(StatusCodes.Status502BadGateway, "Hetzner API error", detail);
}
