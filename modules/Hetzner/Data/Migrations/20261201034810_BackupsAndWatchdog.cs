using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Panel.Modules.Hetzner.Data.Migrations
{
    /// <inheritdoc />
    public partial class BackupsAndWatchdog : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "BackupCount",
                table: "State",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "BackupPercentage",
                table: "State",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "BackupPriceCurrency",
                table: "State",
                type: "TEXT",
                maxLength: 8,
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "BackupServerMonthlyPrice",
                table: "State",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "BackupWindow",
                table: "State",
                type: "TEXT",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "BackupsCheckedAt",
                table: "State",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "NewestBackupAt",
                table: "State",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "OldestBackupAt",
                table: "State",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "WatchdogAlertedAt",
                table: "State",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.UpdateData(
                table: "State",
                keyColumn: "Id",
                keyValue: 1,
                columns: new[] { "BackupCount", "BackupPercentage", "BackupPriceCurrency", "BackupServerMonthlyPrice", "BackupWindow", "BackupsCheckedAt", "NewestBackupAt", "OldestBackupAt", "WatchdogAlertedAt" },
                values: new object[] { null, null, null, null, null, null, null, null, null });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "BackupCount",
                table: "State");

            migrationBuilder.DropColumn(
                name: "BackupPercentage",
                table: "State");

            migrationBuilder.DropColumn(
                name: "BackupPriceCurrency",
                table: "State");

            migrationBuilder.DropColumn(
                name: "BackupServerMonthlyPrice",
                table: "State");

            migrationBuilder.DropColumn(
                name: "BackupWindow",
                table: "State");

            migrationBuilder.DropColumn(
                name: "BackupsCheckedAt",
                table: "State");

            migrationBuilder.DropColumn(
                name: "NewestBackupAt",
                table: "State");

            migrationBuilder.DropColumn(
                name: "OldestBackupAt",
                table: "State");

            migrationBuilder.DropColumn(
                name: "WatchdogAlertedAt",
                table: "State");
        }
    }
}
