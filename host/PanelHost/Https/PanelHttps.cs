using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace PanelHost.Https;

/// <summary>
/// The built-in HTTPS listener (<c>Panel:Https</c>, off unless its port is set). The plain HTTP listeners stay what
/// ASP.NET Core makes of <c>--urls</c>, <c>ASPNETCORE_URLS</c> or <c>Urls</c>; the HTTPS address is added beside
/// them. HTTPS answers carry HSTS; plain HTTP answers redirect to HTTPS, except health checks (a monitor or load
/// balancer polls them on the loopback HTTP port) and requests a local TLS proxy forwarded as HTTPS.
/// </summary>
internal static class PanelHttps
{
    public static WebApplicationBuilder AddPanelHttps(this WebApplicationBuilder builder)
    {
        var settings = HttpsSettings.From(builder.Configuration);
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton<PanelCertificate>();
        if (!settings.Enabled)
        {
            return builder;
        }

        var urls = (builder.Configuration[WebHostDefaults.ServerUrlsKey] ?? "")
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        builder.WebHost.UseUrls([.. urls, settings.Url]);
        builder.Services.AddOptions<KestrelServerOptions>().Configure<PanelCertificate>((kestrel, certificate) =>
            kestrel.ConfigureHttpsDefaults(https =>
            {
                // The selector tells Kestrel a certificate exists (it would look for a development one otherwise); the
                // handshake then gets the whole context, so a supplied chain's intermediates are sent along.
                https.ServerCertificateSelector = (_, _) => certificate.Current;
                https.OnAuthenticate = (_, ssl) =>
                {
                    ssl.ServerCertificateSelectionCallback = null;
                    ssl.ServerCertificateContext = certificate.CurrentContext;
                };
            }));
        builder.Services.AddHttpsRedirection(o => o.HttpsPort = settings.Port);
        builder.Services.AddHsts(o => o.MaxAge = TimeSpan.FromDays(365));
        if (!settings.Supplied)
        {
            builder.Services.AddHostedService<CertificateRenewal>();
        }

        return builder;
    }

    /// <summary>Loads (or makes) the certificate before Kestrel asks for it, and adds HSTS and the redirect. Goes
    /// after the forwarded headers, so that what a local TLS proxy forwards counts as HTTPS.</summary>
    public static WebApplication UsePanelHttps(this WebApplication app)
    {
        var certificate = app.Services.GetRequiredService<PanelCertificate>();
        if (!certificate.Enabled)
        {
            return app;
        }

        certificate.Load();
        app.UseHsts();
        app.UseWhen(ctx => !ctx.Request.IsHttps && !IsHealthCheck(ctx.Request.Path), b => b.UseHttpsRedirection());
        return app;
    }

    private static bool IsHealthCheck(PathString path) => path.Value?.StartsWith("/healthz", StringComparison.OrdinalIgnoreCase) == true;
}
