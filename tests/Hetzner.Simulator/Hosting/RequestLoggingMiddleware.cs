namespace Hetzner.Simulator.Hosting;

/// <summary>
/// Records API and metadata requests. The entry is written when the answer starts, before the client can read it, so
/// a test that has its response also sees its log entry; requests that never get an answer are logged with status 0.
/// </summary>
internal sealed class RequestLoggingMiddleware(RequestDelegate next, SimulatorState state)
{
    public async Task InvokeAsync(HttpContext context)
    {
        state.Log.CountArrival();
        var logged = 0;
        void Log(int status)
        {
            if (Interlocked.Exchange(ref logged, 1) == 0)
            {
                var request = context.Request;
                var userAgent = request.Headers.UserAgent.ToString();
                state.Log.Add(new LoggedRequest(
                    request.Method,
                    request.Path + request.QueryString,
                    status,
                    state.Time.GetUtcNow(),
                    userAgent.Length == 0 ? null : userAgent));
            }
        }

        context.Features.Set(new UnansweredRequestLog(() => Log(0)));
        context.Response.OnStarting(() =>
        {
            Log(context.Response.StatusCode);
            return Task.CompletedTask;
        });
        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            Log(context.RequestAborted.IsCancellationRequested ? 0 : context.Response.StatusCode);
        }
    }
}

/// <summary>Writes the log entry of a request that is about to be dropped without an answer.</summary>
internal sealed record UnansweredRequestLog(Action Write);

internal static class RequestLogExtensions
{
    /// <summary>Logs the request as unanswered, then drops the connection.</summary>
    public static void AbortLogged(this HttpContext context)
    {
        context.Features.Get<UnansweredRequestLog>()?.Write();
        context.Abort();
    }
}
