using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FlashSale.Inventory.Data.Migrations
{
    /// <inheritdoc />
    public partial class HumanCheck : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "human_check",
                table: "sales",
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "none"); // sales created before the check existed have none

            migrationBuilder.AddColumn<int>(
                name: "human_check_max_number",
                table: "sales",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddCheckConstraint(
                name: "ck_sales_human_check",
                table: "sales",
                sql: "human_check IN ('none', 'proof-of-work') AND human_check_max_number >= 0");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "ck_sales_human_check",
                table: "sales");

            migrationBuilder.DropColumn(
                name: "human_check",
                table: "sales");

            migrationBuilder.DropColumn(
                name: "human_check_max_number",
                table: "sales");
        }
    }
}
