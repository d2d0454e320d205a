using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ImageCollection.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class Delivery : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "delivered_at",
                table: "photos",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "delivery",
                table: "photos",
                type: "character varying(40)",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "delivery_acknowledgement",
                table: "photos",
                type: "character varying(20)",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "delivery_failure",
                table: "photos",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "delivery_package_id",
                table: "photos",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "delivery_queued_at",
                table: "photos",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "proof_at",
                table: "photos",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "proof_reminder_sent_at",
                table: "photos",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "proof_result",
                table: "photos",
                type: "character varying(40)",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "free_photo_since",
                table: "enrollments",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "package_jobs",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    batch_id = table.Column<Guid>(type: "uuid", nullable: false),
                    department = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    class_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    folders = table.Column<bool>(type: "boolean", nullable: false),
                    requested_by_type = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    requested_by_id = table.Column<Guid>(type: "uuid", nullable: true),
                    status = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    total = table.Column<int>(type: "integer", nullable: false),
                    done = table.Column<int>(type: "integer", nullable: false),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    upload_key = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    upload_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    object_key = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    size = table.Column<long>(type: "bigint", nullable: true),
                    sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    error = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    lease_until = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    completed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    marked_delivered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_package_jobs", x => x.id);
                    table.ForeignKey(
                        name: "fk_package_jobs_batches_batch_id",
                        column: x => x.batch_id,
                        principalTable: "batches",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "roster_entries",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    batch_id = table.Column<Guid>(type: "uuid", nullable: false),
                    student_number_cipher = table.Column<byte[]>(type: "bytea", nullable: false),
                    student_number_hash = table.Column<byte[]>(type: "bytea", nullable: false),
                    student_number_masked = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    department = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    major = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    class_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    row = table.Column<int>(type: "integer", nullable: false),
                    imported_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_roster_entries", x => x.id);
                    table.ForeignKey(
                        name: "fk_roster_entries_batches_batch_id",
                        column: x => x.batch_id,
                        principalTable: "batches",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_photos_delivery_delivered_at",
                table: "photos",
                columns: new[] { "delivery", "delivered_at" });

            migrationBuilder.CreateIndex(
                name: "ix_photos_delivery_package_id",
                table: "photos",
                column: "delivery_package_id");

            migrationBuilder.CreateIndex(
                name: "ix_package_jobs_batch_id_created_at",
                table: "package_jobs",
                columns: new[] { "batch_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_roster_entries_batch_id_student_number_hash",
                table: "roster_entries",
                columns: new[] { "batch_id", "student_number_hash" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "package_jobs");

            migrationBuilder.DropTable(
                name: "roster_entries");

            migrationBuilder.DropIndex(
                name: "ix_photos_delivery_delivered_at",
                table: "photos");

            migrationBuilder.DropIndex(
                name: "ix_photos_delivery_package_id",
                table: "photos");

            migrationBuilder.DropColumn(
                name: "delivered_at",
                table: "photos");

            migrationBuilder.DropColumn(
                name: "delivery",
                table: "photos");

            migrationBuilder.DropColumn(
                name: "delivery_acknowledgement",
                table: "photos");

            migrationBuilder.DropColumn(
                name: "delivery_failure",
                table: "photos");

            migrationBuilder.DropColumn(
                name: "delivery_package_id",
                table: "photos");

            migrationBuilder.DropColumn(
                name: "delivery_queued_at",
                table: "photos");

            migrationBuilder.DropColumn(
                name: "proof_at",
                table: "photos");

            migrationBuilder.DropColumn(
                name: "proof_reminder_sent_at",
                table: "photos");

            migrationBuilder.DropColumn(
                name: "proof_result",
                table: "photos");

            migrationBuilder.DropColumn(
                name: "free_photo_since",
                table: "enrollments");
        }
    }
}
