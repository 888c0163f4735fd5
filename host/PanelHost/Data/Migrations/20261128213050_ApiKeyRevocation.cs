using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PanelHost.Data.Migrations
{
    /// <inheritdoc />
    public partial class ApiKeyRevocation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "RevokedAt",
                table: "ApiKeys",
                type: "INTEGER",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "RevokedAt",
                table: "ApiKeys");
        }
    }
}
