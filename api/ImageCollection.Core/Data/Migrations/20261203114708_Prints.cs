using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ImageCollection.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class Prints : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "purpose",
                table: "orders",
                type: "character varying(40)",
                maxLength: 40,
                nullable: false,
                defaultValue: "collection");

            migrationBuilder.AddColumn<int>(
                name: "reprint_copies",
                table: "orders",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "prints_caption",
                table: "batches",
                type: "character varying(60)",
                maxLength: 60,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "prints_copies",
                table: "batches",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "prints_delivery",
                table: "batches",
                type: "character varying(40)",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "prints_layout",
                table: "batches",
                type: "character varying(40)",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "prints_reprint_fee_fen",
                table: "batches",
                type: "bigint",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "parcels",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    batch_id = table.Column<Guid>(type: "uuid", nullable: false),
                    run_id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    reference = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    enrollment_id = table.Column<Guid>(type: "uuid", nullable: true),
                    ship_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    ship_phone_cipher = table.Column<byte[]>(type: "bytea", nullable: true),
                    ship_phone_hash = table.Column<byte[]>(type: "bytea", nullable: true),
                    ship_phone_masked = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    ship_province = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    ship_city = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    ship_district = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    ship_street = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    department = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    class_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    contents = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    status = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    courier = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    tracking_number = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    shipped_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    handed_over_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_parcels", x => x.id);
                    table.ForeignKey(
                        name: "fk_parcels_batches_batch_id",
                        column: x => x.batch_id,
                        principalTable: "batches",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_parcels_package_jobs_run_id",
                        column: x => x.run_id,
                        principalTable: "package_jobs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "print_items",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    batch_id = table.Column<Guid>(type: "uuid", nullable: false),
                    enrollment_id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    copies = table.Column<int>(type: "integer", nullable: false),
                    order_id = table.Column<Guid>(type: "uuid", nullable: true),
                    run_id = table.Column<Guid>(type: "uuid", nullable: true),
                    parcel_id = table.Column<Guid>(type: "uuid", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_print_items", x => x.id);
                    table.CheckConstraint("ck_print_items_copies", "copies between 1 and 100");
                    table.ForeignKey(
                        name: "fk_print_items_batches_batch_id",
                        column: x => x.batch_id,
                        principalTable: "batches",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_print_items_enrollments_enrollment_id",
                        column: x => x.enrollment_id,
                        principalTable: "enrollments",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_parcels_batch_id",
                table: "parcels",
                column: "batch_id");

            migrationBuilder.CreateIndex(
                name: "ix_parcels_enrollment_id",
                table: "parcels",
                column: "enrollment_id");

            migrationBuilder.CreateIndex(
                name: "ix_parcels_reference",
                table: "parcels",
                column: "reference",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_parcels_run_id",
                table: "parcels",
                column: "run_id");

            migrationBuilder.CreateIndex(
                name: "ix_print_items_batch_id_run_id",
                table: "print_items",
                columns: new[] { "batch_id", "run_id" });

            migrationBuilder.CreateIndex(
                name: "ix_print_items_enrollment_id",
                table: "print_items",
                column: "enrollment_id");

            migrationBuilder.CreateIndex(
                name: "ix_print_items_one_included",
                table: "print_items",
                column: "enrollment_id",
                unique: true,
                filter: "kind = 'included'");

            migrationBuilder.CreateIndex(
                name: "ix_print_items_order_id",
                table: "print_items",
                column: "order_id",
                unique: true,
                filter: "order_id is not null");

            migrationBuilder.CreateIndex(
                name: "ix_print_items_parcel_id",
                table: "print_items",
                column: "parcel_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "parcels");

            migrationBuilder.DropTable(
                name: "print_items");

            migrationBuilder.DropColumn(
                name: "purpose",
                table: "orders");

            migrationBuilder.DropColumn(
                name: "reprint_copies",
                table: "orders");

            migrationBuilder.DropColumn(
                name: "prints_caption",
                table: "batches");

            migrationBuilder.DropColumn(
                name: "prints_copies",
                table: "batches");

            migrationBuilder.DropColumn(
                name: "prints_delivery",
                table: "batches");

            migrationBuilder.DropColumn(
                name: "prints_layout",
                table: "batches");

            migrationBuilder.DropColumn(
                name: "prints_reprint_fee_fen",
                table: "batches");
        }
    }
}
