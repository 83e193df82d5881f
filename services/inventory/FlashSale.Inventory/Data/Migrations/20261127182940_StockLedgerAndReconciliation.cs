using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace FlashSale.Inventory.Data.Migrations
{
    /// <inheritdoc />
    public partial class StockLedgerAndReconciliation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<string>(
                name: "idempotency_key",
                table: "stock_reservations",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(100)",
                oldMaxLength: 100);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "committed_at",
                table: "stock_reservations",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "release_reason",
                table: "stock_reservations",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "released_at",
                table: "stock_reservations",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "sold_at",
                table: "stock_reservations",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "status",
                table: "stock_reservations",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "Reserved"); // rows written before: postgres-row-lock reservations

            migrationBuilder.CreateTable(
                name: "inbox_messages",
                columns: table => new
                {
                    message_id = table.Column<Guid>(type: "uuid", nullable: false),
                    consumer = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    received_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_inbox_messages", x => new { x.message_id, x.consumer });
                });

            migrationBuilder.CreateTable(
                name: "reconciliation_reports",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    report = table.Column<string>(type: "jsonb", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_reconciliation_reports", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_stock_reservations_sale_id_status",
                table: "stock_reservations",
                columns: new[] { "sale_id", "status" });

            migrationBuilder.AddCheckConstraint(
                name: "ck_stock_reservations_quantity",
                table: "stock_reservations",
                sql: "quantity >= 1");

            migrationBuilder.AddCheckConstraint(
                name: "ck_stock_reservations_status",
                table: "stock_reservations",
                sql: "status IN ('Reserved', 'Committed', 'Sold', 'Released')");

            migrationBuilder.CreateIndex(
                name: "ix_inbox_messages_received_at",
                table: "inbox_messages",
                column: "received_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "inbox_messages");

            migrationBuilder.DropTable(
                name: "reconciliation_reports");

            migrationBuilder.DropIndex(
                name: "ix_stock_reservations_sale_id_status",
                table: "stock_reservations");

            migrationBuilder.DropCheckConstraint(
                name: "ck_stock_reservations_quantity",
                table: "stock_reservations");

            migrationBuilder.DropCheckConstraint(
                name: "ck_stock_reservations_status",
                table: "stock_reservations");

            migrationBuilder.DropColumn(
                name: "committed_at",
                table: "stock_reservations");

            migrationBuilder.DropColumn(
                name: "release_reason",
                table: "stock_reservations");

            migrationBuilder.DropColumn(
                name: "released_at",
                table: "stock_reservations");

            migrationBuilder.DropColumn(
                name: "sold_at",
                table: "stock_reservations");

            migrationBuilder.DropColumn(
                name: "status",
                table: "stock_reservations");

            migrationBuilder.AlterColumn<string>(
                name: "idempotency_key",
                table: "stock_reservations",
                type: "character varying(100)",
                maxLength: 100,
                nullable: false,
                defaultValue: "",
                oldClrType: typeof(string),
                oldType: "character varying(100)",
                oldMaxLength: 100,
                oldNullable: true);
        }
    }
}
