using Hetzner.Simulator;
using Panel.Modules.Hetzner.Integration;
using static Modules.Hetzner.Tests.Integration.HetznerClientHarness;

namespace Modules.Hetzner.Tests.Integration;

public sealed class ImageOperationTests
{
    private static readonly Dictionary<string, string> Auto = new() { ["panelhost.io/kind"] = "auto" };

    [Fact]
    public async Task Listing_follows_every_page_with_the_label_selector()
    {
        await using var h = await StartAsync();
        var start = DateTimeOffset.UtcNow.AddDays(-10);
        for (var i = 0; i < 120; i++)
        {
            h.Sim.AddImage(new SeedImage(42, $"auto {i}", start.AddHours(i), Auto));
        }

        for (var i = 0; i < 7; i++)
        {
            h.Sim.AddImage(new SeedImage(42, $"manual {i}", start.AddHours(i)));
        }

        var listed = await h.Api.ListSnapshotsAsync(Rw, "panelhost.io/kind=auto", CancellationToken.None);

        Assert.True(listed.IsSuccess, listed.Error?.ToString());
        Assert.Equal(120, listed.Value!.Count);
        Assert.Equal(120, listed.Value.Select(i => i.Id).Distinct().Count());
        Assert.All(listed.Value, i => Assert.Equal("auto", i.Labels["panelhost.io/kind"]));
        Assert.Equal(listed.Value.OrderByDescending(i => i.Created).Select(i => i.Id), listed.Value.Select(i => i.Id));
        var pages = h.RequestsTo("/v1/images?");
        Assert.Equal(3, pages.Count);
        Assert.All(pages, p => Assert.Contains("per_page=50", p.PathAndQuery, StringComparison.Ordinal));
        Assert.All(pages, p => Assert.Contains("type=snapshot", p.PathAndQuery, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Listing_without_selector_returns_all_snapshots()
    {
        await using var h = await StartAsync();
        h.Sim.AddImage(new SeedImage(42, "a", Labels: Auto));
        h.Sim.AddImage(new SeedImage(42, "b"));
        h.Sim.AddImage(new SeedImage(42, "backup", Type: "backup"));

        var listed = await h.Api.ListSnapshotsAsync(Rw, null, CancellationToken.None);

        Assert.Equal(["a", "b"], listed.Value!.Select(i => i.Description).Order());
    }

    [Fact]
    public async Task Get_and_not_found()
    {
        await using var h = await StartAsync();
        var id = h.Sim.AddImage(new SeedImage(42, "old", Labels: Auto, ImageSizeGb: 2.25));

        var got = await h.Api.GetImageAsync(Rw, id, CancellationToken.None);
        var missing = await h.Api.GetImageAsync(Rw, id + 1000, CancellationToken.None);

        Assert.Equal(2.25, got.Value!.ImageSizeGb);
        Assert.Equal(42, got.Value.CreatedFromServerId);
        Assert.Equal(HetznerError.NotFound, missing.Error?.Code);
        Assert.Equal(404, missing.Error!.HttpStatus);
    }

    [Fact]
    public async Task Protected_snapshot_cannot_be_deleted_until_unprotected()
    {
        await using var h = await StartAsync();
        var id = h.Sim.AddImage(new SeedImage(42, "keep", DeleteProtected: true));

        var refused = await h.Api.DeleteImageAsync(Rw, id, CancellationToken.None);
        var unprotect = await h.Api.ChangeImageProtectionAsync(Rw, id, delete: false, CancellationToken.None);
        var deleted = await h.Api.DeleteImageAsync(Rw, id, CancellationToken.None);

        Assert.Equal(HetznerError.Protected, refused.Error?.Code);
        Assert.Equal(423, refused.Error!.HttpStatus);
        Assert.Equal("change_protection", unprotect.Value!.Command);
        Assert.True(deleted.IsSuccess, deleted.Error?.ToString());
        Assert.Empty(h.Sim.Images);
    }

    [Fact]
    public async Task Delete_whose_answer_was_lost_counts_as_done()
    {
        await using var h = await StartAsync();
        var id = h.Sim.AddImage(new SeedImage(42, "old"));
        h.Sim.InjectFault(new Fault(FaultKind.DropConnectionAfterProcessing, "DELETE", $"/images/{id}"));

        var deleted = await h.Api.DeleteImageAsync(Rw, id, CancellationToken.None);

        Assert.True(deleted.IsSuccess, deleted.Error?.ToString());
        Assert.Equal([0, 404], h.RequestsTo($"/v1/images/{id}").Select(r => r.Status));
        Assert.Empty(h.Sim.Images);
    }

    [Fact]
    public async Task Delete_of_an_image_that_never_existed_is_not_found()
    {
        await using var h = await StartAsync();

        var deleted = await h.Api.DeleteImageAsync(Rw, 987654, CancellationToken.None);

        Assert.Equal(HetznerError.NotFound, deleted.Error?.Code);
    }
}
