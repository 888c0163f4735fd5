using System.Net;
using System.Net.Http.Json;
using Panel.Module.Testing;

namespace PanelModule1.Tests;

/// <summary>The module hosted as the panel hosts it (Panel.Module.Testing), over real HTTP.</summary>
public sealed class ModuleTests : IAsyncLifetime
{
    private ModuleTestHost<Module> _host = null!;

    public async Task InitializeAsync() => _host = await ModuleTestHost<Module>.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public void The_panel_accepts_the_manifest() => ManifestAssert.Passes(new Module());

    [Fact]
    public async Task The_notes_tab_saves_a_note_posted_with_its_form()
    {
        using var client = _host.CreateClient();

        using var saved = await ModuleTestHost<Module>.PostFormAsync(client, "m/panel-module-one/notes", "add-note", new Dictionary<string, string> { ["Form.Text"] = "first note" });

        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var page = await saved.Content.ReadAsStringAsync();
        Assert.Contains("Saved note 1.", page, StringComparison.Ordinal);
        Assert.Contains("<li>first note</li>", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_note_gets_a_validation_message_and_nothing_is_saved()
    {
        using var client = _host.CreateClient();

        using var refused = await ModuleTestHost<Module>.PostFormAsync(client, "m/panel-module-one/notes", "add-note", new Dictionary<string, string> { ["Form.Text"] = "" });

        Assert.Contains("Text: write the note (1 to 200 characters).", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var status = await client.GetFromJsonAsync<ModuleStatus>(new Uri("api/modules/panel-module-one/status", UriKind.Relative));
        Assert.Equal(0, status!.Notes);
    }

    [Fact]
    public async Task The_endpoint_saves_a_note_and_refuses_a_bad_one_naming_the_field()
    {
        using var client = _host.CreateClient();

        using var ok = await client.PostAsJsonAsync(new Uri("api/modules/panel-module-one/notes", UriKind.Relative), new { text = "from the API" });
        using var bad = await client.PostAsJsonAsync(new Uri("api/modules/panel-module-one/notes", UriKind.Relative), new { text = new string('x', 201) });

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("from the API", (await ok.Content.ReadFromJsonAsync<Features.AddNote.NoteSaved>())!.Text);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("Text: at most 200 characters.", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_migration_is_applied_and_the_worker_runs()
    {
        using var client = _host.CreateClient();
        ModuleStatus? status = null;
        for (var i = 0; i < 100 && status?.WorkerRounds is null or 0; i++)
        {
            await Task.Delay(100);
            status = await client.GetFromJsonAsync<ModuleStatus>(new Uri("api/modules/panel-module-one/status", UriKind.Relative));
        }

        Assert.NotNull(status!.WorkerStartedAt);
        Assert.True(status.WorkerRounds > 0);
        Assert.True(File.Exists(Path.Combine(_host.DataPath, "notes.db")));
    }

    [Fact]
    public async Task The_notes_tab_keeps_to_the_panels_content_security_policy()
    {
        using var client = _host.CreateClient();

        var page = await client.GetStringAsync(new Uri("m/panel-module-one/notes", UriKind.Relative));

        Assert.Contains("add-note", page, StringComparison.Ordinal);
        PageAssert.KeepsToPolicy(page);
    }

    [Fact]
    public async Task The_stylesheet_is_served_under_the_assembly_name()
    {
        using var client = _host.CreateClient();

        var css = await client.GetStringAsync(new Uri("_content/PanelModule1/notes.css", UriKind.Relative));

        Assert.Contains(".notes-saved", css, StringComparison.Ordinal);
    }
}
