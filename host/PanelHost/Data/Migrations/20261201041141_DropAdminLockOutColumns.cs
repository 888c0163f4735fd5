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
            migrationBuilder.DropColumn(
                name: "FailedLogins",
                table: "Admins");

            migrationBuilder.DropColumn(
                name: "LockedUntil",
                table: "Admins");
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
