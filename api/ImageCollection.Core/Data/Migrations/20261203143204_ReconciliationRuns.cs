using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ImageCollection.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class ReconciliationRuns : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "reconciliation_runs",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    bill_date = table.Column<DateOnly>(type: "date", nullable: false),
                    status = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    requested_by_type = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    requested_by_id = table.Column<Guid>(type: "uuid", nullable: true),
                    requested_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    finished_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    bill_rows = table.Column<int>(type: "integer", nullable: false),
                    bill_payments = table.Column<int>(type: "integer", nullable: false),
                    our_payments = table.Column<int>(type: "integer", nullable: false),
                    error = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_reconciliation_runs", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "reconciliation_differences",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    run_id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    out_trade_no = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    transaction_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    order_id = table.Column<Guid>(type: "uuid", nullable: true),
                    amount_fen = table.Column<long>(type: "bigint", nullable: false),
                    detail = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_reconciliation_differences", x => x.id);
                    table.ForeignKey(
                        name: "fk_reconciliation_differences_reconciliation_runs_run_id",
                        column: x => x.run_id,
                        principalTable: "reconciliation_runs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_reconciliation_differences_run_id",
                table: "reconciliation_differences",
                column: "run_id");

            migrationBuilder.CreateIndex(
                name: "ix_reconciliation_runs_requested_at",
                table: "reconciliation_runs",
                column: "requested_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "reconciliation_differences");

            migrationBuilder.DropTable(
                name: "reconciliation_runs");
        }
    }
}
