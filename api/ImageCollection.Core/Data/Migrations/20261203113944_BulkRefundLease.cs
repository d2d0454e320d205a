using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ImageCollection.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class BulkRefundLease : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "lease_id",
                table: "bulk_refund_jobs",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "lease_until",
                table: "bulk_refund_jobs",
                type: "timestamp with time zone",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "lease_id",
                table: "bulk_refund_jobs");

            migrationBuilder.DropColumn(
                name: "lease_until",
                table: "bulk_refund_jobs");
        }
    }
}
