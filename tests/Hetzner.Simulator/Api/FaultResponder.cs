using System.Text;
using Hetzner.Simulator.Hosting;

namespace Hetzner.Simulator.Api;

/// <summary>Plays one injected fault on a request.</summary>
internal sealed class FaultResponder(HttpContext context, CancellationToken stopping)
{
    public async Task ApplyAsync(FaultKind kind, Func<Task> process)
    {
        switch (kind)
        {
            case FaultKind.DropConnection:
                context.AbortLogged();
                break;
            case FaultKind.DropConnectionAfterProcessing:
                await ProcessThenDropAsync(process).ConfigureAwait(false);
                break;
            case FaultKind.Hang:
                await HangAsync().ConfigureAwait(false);
                break;
            case FaultKind.PlainBadGateway502:
                await PlainAsync(StatusCodes.Status502BadGateway, "502 Bad Gateway").ConfigureAwait(false);
                break;
            case FaultKind.PlainTimeout504:
                await PlainAsync(StatusCodes.Status504GatewayTimeout, "504 Gateway Time-out").ConfigureAwait(false);
                break;
            case FaultKind.RateLimited429:
                context.Response.Headers["RateLimit-Remaining"] = "0";
                throw new ApiException("rate_limit_exceeded", "rate limit exceeded");
            default:
                throw JsonFault(kind);
        }
    }

    private static ApiException JsonFault(FaultKind kind) => kind switch
    {
        FaultKind.ServerError500 => new("server_error", "internal server error (simulated)"),
        FaultKind.BadGateway502 => new("bad_gateway", "bad gateway (simulated)"),
        FaultKind.Timeout504 => new("timeout", "request timed out, please retry (simulated)"),
        FaultKind.Conflict409 => new("conflict", "resource changed during request, please retry (simulated)"),
        FaultKind.Locked423 => new("locked", "resource is locked by another action (simulated)"),
        FaultKind.ServiceUnavailable503 => new("unavailable", "service unavailable (simulated)"),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not an HTTP fault"),
    };

    /// <summary>Buffers the real answer so nothing reaches the socket, then aborts: the work is done, the client never hears.</summary>
    private async Task ProcessThenDropAsync(Func<Task> process)
    {
        var original = context.Response.Body;
        using var swallowed = new MemoryStream();
        context.Response.Body = swallowed;
        try
        {
            await process().ConfigureAwait(false);
        }
        catch (ApiException)
        {
            // The client is going to see a dropped connection whatever the outcome was.
        }
        finally
        {
            context.Response.Body = original;
            context.AbortLogged();
        }
    }

    private async Task HangAsync()
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        try
        {
            await Task.Delay(Timeout.Infinite, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            context.AbortLogged();
        }
    }

    private Task PlainAsync(int status, string title)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/html";
        var body = Encoding.UTF8.GetBytes($"<html><head><title>{title}</title></head><body><h1>{title}</h1></body></html>\n");
        return context.Response.Body.WriteAsync(body, context.RequestAborted).AsTask();
    }
}
