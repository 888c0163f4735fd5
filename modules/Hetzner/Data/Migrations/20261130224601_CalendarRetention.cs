using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Panel.Modules.Hetzner.Data.Migrations
{
    /// <inheritdoc />
    public partial class CalendarRetention : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "KeepDaily",
                table: "Settings",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "KeepMonthly",
                table: "Settings",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "KeepWeekly",
                table: "Settings",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "TimeZone",
                table: "Settings",
                type: "TEXT",
                maxLength: 64,
                nullable: false,
                defaultValue: "UTC");

            migrationBuilder.UpdateData(
                table: "Settings",
                keyColumn: "Id",
                keyValue: 1,
                columns: new[] { "KeepDaily", "KeepMonthly", "KeepWeekly", "TimeZone" },
                values: new object[] { 0, 0, 0, "UTC" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "KeepDaily",
                table: "Settings");

            migrationBuilder.DropColumn(
                name: "KeepMonthly",
                table: "Settings");

            migrationBuilder.DropColumn(
                name: "KeepWeekly",
                table: "Settings");

            migrationBuilder.DropColumn(
                name: "TimeZone",
                table: "Settings");
        }
    }
}
