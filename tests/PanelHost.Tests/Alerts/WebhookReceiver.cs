using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace PanelHost.Tests.Alerts;

/// <summary>A real HTTP receiver on a free loopback port: records every request's body, headers and the status it
/// answered with: 500 while <see cref="WebhookReceiver.Refusing"/>, otherwise the status codes it is told to, then 200.</summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<int> _answers = new();
    private readonly ConcurrentQueue<ReceivedHook> _received = new();
    private volatile bool _refusing;

    private WebhookReceiver(WebApplication app) => _app = app;

    public string Url { get; private set; } = "";

    public IReadOnlyList<ReceivedHook> Received => [.. _received];

    /// <summary>While true, every request is answered 500 (a receiver that is down), whatever <see cref="AnswerNext"/> queued.</summary>
    public bool Refusing
    {
        get => _refusing;
        set => _refusing = value;
    }

    /// <summary>A URL shaped like a Slack webhook's, whose path is the credential.</summary>
    public string SecretUrl => Url + "/services/T0001/B0002/" + SecretPath;

    public const string SecretPath = "s3cr3tWebhookPathToken";

    public static async Task<WebhookReceiver> StartAsync()
    {
        // Requests come only once the URL is known, after the receiver below exists.
        WebhookReceiver? receiver = null;
        var (app, url) = await LoopbackWebApp.StartAsync(app =>
            // Any path below /hook: Slack and Discord put the webhook's token in the path.
            app.MapPost("/hook/{**path}", async (HttpContext ctx) =>
            {
                using var buffer = new MemoryStream();
                await ctx.Request.Body.CopyToAsync(buffer);
                var status = receiver!.Refusing ? 500 : receiver._answers.TryDequeue(out var next) ? next : 200;
                receiver._received.Enqueue(new ReceivedHook(
                    buffer.ToArray(),
                    ctx.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                    ctx.Request.Path,
                    DateTimeOffset.UtcNow,
                    status));
                ctx.Response.StatusCode = status;
                if (ctx.Response.StatusCode >= 400)
                {
                    await ctx.Response.WriteAsync("receiver is down");
                }
            }));
        receiver = new WebhookReceiver(app) { Url = url + "/hook" };
        return receiver;
    }

    /// <summary>The next requests get these answers, in order.</summary>
    public void AnswerNext(params int[] statuses)
    {
        foreach (var status in statuses)
        {
            _answers.Enqueue(status);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

internal sealed record ReceivedHook(byte[] Body, IReadOnlyDictionary<string, string> Headers, string Path, DateTimeOffset At, int Status);
