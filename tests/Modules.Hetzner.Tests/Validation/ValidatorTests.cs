using FluentValidation;
using Panel.Modules.Hetzner.Features.CreateSnapshot;
using Panel.Modules.Hetzner.Features.DeleteSnapshot;
using Panel.Modules.Hetzner.Features.GetSnapshotOperation;
using Panel.Modules.Hetzner.Features.SaveApiToken;
using Panel.Modules.Hetzner.Features.SaveSnapshotSettings;

namespace Modules.Hetzner.Tests.Validation;

/// <summary>The validators on their own: the same rules serve the pages and the API.</summary>
public sealed class ValidatorTests
{
    [Theory]
    [InlineData("", "Snapshot name is required.")]
    [InlineData("   ", "Snapshot name is required.")]
    [InlineData("name\twith tab", "Snapshot name must not contain control or invisible characters such as line breaks, tabs or direction marks.")]
    [InlineData("line\nbreak", "Snapshot name must not contain control or invisible characters such as line breaks, tabs or direction marks.")]
    [InlineData("x\u202Ey", "Snapshot name must not contain control or invisible characters such as line breaks, tabs or direction marks.")]
    [InlineData("zero\u200Bwidth", "Snapshot name must not contain control or invisible characters such as line breaks, tabs or direction marks.")]
    public void A_snapshot_name_must_be_one_plain_line(string name, string message) =>
        Assert.Equal([message], Errors(new CreateSnapshotCommandValidator(), new CreateSnapshotCommand(name)));

    [Fact]
    public void A_snapshot_name_has_at_most_100_characters()
    {
        Assert.Empty(Errors(new CreateSnapshotCommandValidator(), new CreateSnapshotCommand(new string('a', 100))));
        Assert.Equal(["Snapshot name must be at most 100 characters long (it has 101)."],
            Errors(new CreateSnapshotCommandValidator(), new CreateSnapshotCommand(new string('a', 101))));
    }

    [Theory]
    [InlineData(0, "Page must be between 1 and 100000.")]
    [InlineData(100_001, "Page must be between 1 and 100000.")]
    [InlineData(int.MaxValue, "Page must be between 1 and 100000.")]
    public void A_page_outside_the_range_is_refused(int page, string message)
    {
        Assert.Equal([message], Errors(new Panel.Modules.Hetzner.Features.ListSnapshots.ListSnapshotsQueryValidator(), new Panel.Modules.Hetzner.Features.ListSnapshots.ListSnapshotsQuery(page, 500)));
        Assert.Empty(Errors(new Panel.Modules.Hetzner.Features.ListSnapshots.ListSnapshotsQueryValidator(), new Panel.Modules.Hetzner.Features.ListSnapshots.ListSnapshotsQuery(100_000, 500)));
    }

    [Fact]
    public void A_token_longer_than_any_Hetzner_token_is_refused() =>
        Assert.Equal(["API token must be at most 128 characters long (it has 129)."],
            Errors(new SaveApiTokenCommandValidator(), new SaveApiTokenCommand(new string('a', 129))));

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(3, 3, 100)]
    [InlineData(6, 14, 7)]
    [InlineData(24, 30, 1)]
    public void Every_offered_combination_is_valid(int frequency, int retention, int keep) =>
        Assert.Empty(Errors(new SaveSnapshotSettingsCommandValidator(), new SaveSnapshotSettingsCommand(true, frequency, retention, keep)));

    [Fact]
    public void The_message_lists_the_offered_options() =>
        Assert.Equal(["Frequency must be one of 1, 3, 6, 12, 24 hours.", "Retention period must be one of 1, 3, 7, 14, 21, 30 days."],
            Errors(new SaveSnapshotSettingsCommandValidator(), new SaveSnapshotSettingsCommand(true, 2, 2, 1)));

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void Ids_are_positive(long id)
    {
        Assert.NotEmpty(Errors(new DeleteSnapshotCommandValidator(), new DeleteSnapshotCommand(id)));
        Assert.NotEmpty(Errors(new GetSnapshotOperationQueryValidator(), new GetSnapshotOperationQuery(id)));
    }

    private static string[] Errors<T>(IValidator<T> validator, T request) =>
        [.. validator.Validate(request).Errors.Select(e => e.ErrorMessage)];
}
