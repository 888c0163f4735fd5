using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PanelHost.Data.Migrations
{
    /// <inheritdoc />
    public partial class ModuleDataRecords : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ModuleData",
                columns: table => new
                {
                    ModuleId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Files = table.Column<string>(type: "TEXT", nullable: false),
                    RecordedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LostAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LostFiles = table.Column<string>(type: "TEXT", nullable: true),
                    AcknowledgedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    AcknowledgedBy = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ModuleData", x => x.ModuleId);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ModuleData");
        }
    }
}
