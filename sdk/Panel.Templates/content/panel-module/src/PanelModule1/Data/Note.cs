namespace PanelModule1.Data;

/// <summary>A note the admin saved.</summary>
internal sealed class Note
{
    public int Id { get; set; }

    public required string Text { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
