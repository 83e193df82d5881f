using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FlashSale.Order.Data.Migrations
{
    /// <inheritdoc />
    public partial class OrderWithoutStockCommittedFlag : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "stock_committed",
                table: "orders");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "stock_committed",
                table: "orders",
                type: "boolean",
                nullable: false,
                defaultValue: false);
        }
    }
}
