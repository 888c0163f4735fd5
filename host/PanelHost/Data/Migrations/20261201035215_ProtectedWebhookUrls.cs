using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PanelHost.Data.Migrations
{
    /// <inheritdoc />
    public partial class ProtectedWebhookUrls : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ProtectedWebhookUrl",
                table: "AlertChannels",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "WebhookUrlMask",
                table: "AlertChannels",
                type: "TEXT",
                nullable: true);

            // SQL cannot encrypt: the URL moves behind a marker, and PanelHost.Alerts.PlainWebhookUrls encrypts it with
            // the panel's Data Protection keys at start, right after the migrations.
            migrationBuilder.Sql("UPDATE AlertChannels SET ProtectedWebhookUrl = 'plain:' || WebhookUrl WHERE WebhookUrl IS NOT NULL;");

            // SQLite's own DROP COLUMN rather than EF's table rebuild, whose "PRAGMA foreign_keys" cannot run in the
            // migration's transaction and is logged as a warning at every first start (as in DropAdminLockOutColumns).
            migrationBuilder.Sql("ALTER TABLE \"AlertChannels\" DROP COLUMN \"WebhookUrl\";");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // The URLs cannot be decrypted here: going back leaves webhook channels without one (enter it again).
            migrationBuilder.AddColumn<string>(
                name: "WebhookUrl",
                table: "AlertChannels",
                type: "TEXT",
                nullable: true);

            migrationBuilder.DropColumn(
                name: "ProtectedWebhookUrl",
                table: "AlertChannels");

            migrationBuilder.DropColumn(
                name: "WebhookUrlMask",
                table: "AlertChannels");
        }
    }
}
