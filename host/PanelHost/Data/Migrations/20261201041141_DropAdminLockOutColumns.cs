using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PanelHost.Data.Migrations
{
    /// <inheritdoc />
    public partial class DropAdminLockOutColumns : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // SQLite's own DROP COLUMN (3.35+; the bundled one is newer) instead of EF's table rebuild, whose
            // "PRAGMA foreign_keys" cannot run in the migration's transaction and is logged as a warning at every first start.
            migrationBuilder.Sql("ALTER TABLE \"Admins\" DROP COLUMN \"FailedLogins\";");
            migrationBuilder.Sql("ALTER TABLE \"Admins\" DROP COLUMN \"LockedUntil\";");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "FailedLogins",
                table: "Admins",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<long>(
                name: "LockedUntil",
                table: "Admins",
                type: "INTEGER",
                nullable: true);
        }
    }
}
