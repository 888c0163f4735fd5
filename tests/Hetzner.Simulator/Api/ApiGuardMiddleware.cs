using System.Globalization;
using Hetzner.Simulator.State;

namespace Hetzner.Simulator.Api;

/// <summary>
/// What the real API does before any endpoint runs, in this order: rate limit (headers on every answer), latency,
/// injected faults, then the bearer token. The token check precedes the resource lookup, so a read-only token gets
/// token_readonly even for an id that does not exist.
/// </summary>
internal sealed class ApiGuardMiddleware(RequestDelegate next, SimulatorState state, IHostApplicationLifetime lifetime)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var decision = state.RateLimit.TryConsume();
        var headers = context.Response.Headers;
        headers["RateLimit-Limit"] = decision.Limit.ToString(CultureInfo.InvariantCulture);
        headers["RateLimit-Remaining"] = decision.Remaining.ToString(CultureInfo.InvariantCulture);
        headers["RateLimit-Reset"] = decision.ResetUnixSeconds.ToString(CultureInfo.InvariantCulture);
        if (!decision.Allowed)
        {
            await ApiErrorMiddleware.WriteAsync(context.Response, new ApiException("rate_limit_exceeded", "rate limit exceeded")).ConfigureAwait(false);
            return;
        }

        if (state.Latency > TimeSpan.Zero)
        {
            await Task.Delay(state.Latency, context.RequestAborted).ConfigureAwait(false);
        }

        if (state.Faults.Take(context.Request.Method, context.Request.Path, actionFault: false) is { } fault)
        {
            await new FaultResponder(context, lifetime.ApplicationStopping).ApplyAsync(fault.Kind, () => Authorized(context)).ConfigureAwait(false);
            return;
        }

        await Authorized(context).ConfigureAwait(false);
    }

    private Task Authorized(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        var token = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
        var access = state.Tokens.Check(token);
        if (access == TokenAccess.Unknown)
        {
            throw new ApiException("unauthorized", "unable to authenticate");
        }

        if (access == TokenAccess.ReadOnly && !HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            throw new ApiException("token_readonly", "the token is read-only and cannot be used for this request");
        }

        return next(context);
    }
}
