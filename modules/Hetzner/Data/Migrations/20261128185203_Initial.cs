using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Panel.Modules.Hetzner.Data.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Runs",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Description = table.Column<string>(type: "TEXT", nullable: false),
                    RequestKey = table.Column<string>(type: "TEXT", maxLength: 63, nullable: false),
                    ImageId = table.Column<long>(type: "INTEGER", nullable: true),
                    ActionId = table.Column<long>(type: "INTEGER", nullable: true),
                    Progress = table.Column<int>(type: "INTEGER", nullable: false),
                    RequestedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    FinishedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Error = table.Column<string>(type: "TEXT", nullable: true),
                    PrunedCount = table.Column<int>(type: "INTEGER", nullable: true),
                    PruneFailedCount = table.Column<int>(type: "INTEGER", nullable: true),
                    PruneError = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Runs", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Settings",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false),
                    ProtectedToken = table.Column<string>(type: "TEXT", nullable: true),
                    TokenMask = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    TokenSavedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ServerId = table.Column<long>(type: "INTEGER", nullable: true),
                    ServerName = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    ServerDiskGb = table.Column<double>(type: "REAL", nullable: true),
                    AutomaticEnabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    FrequencyHours = table.Column<int>(type: "INTEGER", nullable: false),
                    RetentionDays = table.Column<int>(type: "INTEGER", nullable: false),
                    KeepNewest = table.Column<int>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Settings", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Snapshots",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false),
                    Description = table.Column<string>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", nullable: false),
                    Created = table.Column<long>(type: "INTEGER", nullable: false),
                    ImageSizeGb = table.Column<double>(type: "REAL", nullable: true),
                    DiskSizeGb = table.Column<double>(type: "REAL", nullable: false),
                    CreatedFromServerId = table.Column<long>(type: "INTEGER", nullable: true),
                    DeleteProtected = table.Column<bool>(type: "INTEGER", nullable: false),
                    LabelsJson = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Snapshots", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "State",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false),
                    NextDueAt = table.Column<long>(type: "INTEGER", nullable: true),
                    MirrorRefreshedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    MirrorError = table.Column<string>(type: "TEXT", nullable: true),
                    MirrorErrorAt = table.Column<long>(type: "INTEGER", nullable: true),
                    PricePerGbMonth = table.Column<decimal>(type: "TEXT", nullable: true),
                    PriceCurrency = table.Column<string>(type: "TEXT", nullable: true),
                    PriceFetchedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_State", x => x.Id);
                });

            migrationBuilder.InsertData(
                table: "Settings",
                columns: new[] { "Id", "AutomaticEnabled", "FrequencyHours", "KeepNewest", "ProtectedToken", "RetentionDays", "ServerDiskGb", "ServerId", "ServerName", "TokenMask", "TokenSavedAt", "UpdatedAt" },
                values: new object[] { 1, false, 12, 1, null, 7, null, null, null, null, null, null });

            migrationBuilder.InsertData(
                table: "State",
                columns: new[] { "Id", "MirrorError", "MirrorErrorAt", "MirrorRefreshedAt", "NextDueAt", "PriceCurrency", "PriceFetchedAt", "PricePerGbMonth" },
                values: new object[] { 1, null, null, null, null, null, null, null });

            migrationBuilder.CreateIndex(
                name: "IX_Runs_Status",
                table: "Runs",
                column: "Status");

            migrationBuilder.CreateIndex(
                name: "IX_Snapshots_Created",
                table: "Snapshots",
                column: "Created");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Runs");

            migrationBuilder.DropTable(
                name: "Settings");

            migrationBuilder.DropTable(
                name: "Snapshots");

            migrationBuilder.DropTable(
                name: "State");
        }
    }
}
