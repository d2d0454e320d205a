using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ImageCollection.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class CollectionDay : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_photos_shot_session_id_shot_station_shot_number",
                table: "photos");

            migrationBuilder.AddColumn<string>(
                name: "statement_class",
                table: "school_payments",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "statement_department",
                table: "school_payments",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AlterColumn<Guid>(
                name: "student_id",
                table: "photos",
                type: "uuid",
                nullable: true,
                oldClrType: typeof(Guid),
                oldType: "uuid");

            migrationBuilder.AddColumn<string>(
                name: "shot_capture_id",
                table: "photos",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "shot_id",
                table: "photos",
                type: "uuid",
                nullable: true);

            migrationBuilder.AlterColumn<Guid>(
                name: "student_id",
                table: "orders",
                type: "uuid",
                nullable: true,
                oldClrType: typeof(Guid),
                oldType: "uuid");

            migrationBuilder.AddColumn<string>(
                name: "code_url",
                table: "orders",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "trade_type",
                table: "orders",
                type: "character varying(40)",
                maxLength: 40,
                nullable: false,
                defaultValue: "jsapi");

            migrationBuilder.AlterColumn<Guid>(
                name: "student_id",
                table: "enrollments",
                type: "uuid",
                nullable: true,
                oldClrType: typeof(Guid),
                oldType: "uuid");

            migrationBuilder.AddColumn<string>(
                name: "class_name",
                table: "enrollments",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "consent_session_id",
                table: "enrollments",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "consent_staff_id",
                table: "enrollments",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "consent_station",
                table: "enrollments",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "notice_assembly",
                table: "batches",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "notice_contacts",
                table: "batches",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "notice_dress",
                table: "batches",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "studio_address",
                table: "batches",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "studio_hours",
                table: "batches",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "studio_phones",
                table: "batches",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "bulk_refund_previews",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    batch_id = table.Column<Guid>(type: "uuid", nullable: false),
                    requested_by_type = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    requested_by_id = table.Column<Guid>(type: "uuid", nullable: true),
                    reason = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    refunds = table.Column<string>(type: "jsonb", nullable: false),
                    count = table.Column<int>(type: "integer", nullable: false),
                    total_fen = table.Column<long>(type: "bigint", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    started_job_id = table.Column<Guid>(type: "uuid", nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_bulk_refund_previews", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "station_assignments",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    session_id = table.Column<Guid>(type: "uuid", nullable: false),
                    station = table.Column<int>(type: "integer", nullable: false),
                    photographer_id = table.Column<Guid>(type: "uuid", nullable: false),
                    assigned_by = table.Column<Guid>(type: "uuid", nullable: false),
                    assigned_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_station_assignments", x => x.id);
                    table.ForeignKey(
                        name: "fk_station_assignments_collection_sessions_session_id",
                        column: x => x.session_id,
                        principalTable: "collection_sessions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            // Captured photos learn their shot's id; before this version a second scan of a student in a session gave a
            // second shot: the latest one stays (each photo keeps the number it was taken under in its own columns).
            migrationBuilder.Sql("""
                update photos p set shot_id = s.id from shots s where s.photo_id = p.id;
                delete from shots s using shots t
                where s.session_id = t.session_id and s.enrollment_id = t.enrollment_id
                  and (s.scanned_at, s.id) < (t.scanned_at, t.id);
                """);
            // School payments recorded twice under one reference before this version keep both, the later ones marked.
            migrationBuilder.Sql("""
                update school_payments p set reference = left(p.reference, 90) || ' (#' || d.n || ')'
                from (select id, row_number() over (partition by batch_id, reference order by id) as n from school_payments) d
                where d.id = p.id and d.n > 1;
                """);

            migrationBuilder.CreateIndex(
                name: "ix_shots_session_id_enrollment_id",
                table: "shots",
                columns: new[] { "session_id", "enrollment_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_school_payments_batch_id_reference",
                table: "school_payments",
                columns: new[] { "batch_id", "reference" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_photos_shot_id_shot_capture_id",
                table: "photos",
                columns: new[] { "shot_id", "shot_capture_id" },
                unique: true,
                filter: "shot_capture_id is not null");

            migrationBuilder.CreateIndex(
                name: "ix_photos_shot_session_id_shot_station_shot_number",
                table: "photos",
                columns: new[] { "shot_session_id", "shot_station", "shot_number" });

            migrationBuilder.CreateIndex(
                name: "ix_bulk_refund_previews_batch_id",
                table: "bulk_refund_previews",
                column: "batch_id");

            migrationBuilder.CreateIndex(
                name: "ix_station_assignments_photographer_id",
                table: "station_assignments",
                column: "photographer_id");

            migrationBuilder.CreateIndex(
                name: "ix_station_assignments_session_id_station_photographer_id",
                table: "station_assignments",
                columns: new[] { "session_id", "station", "photographer_id" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "bulk_refund_previews");

            migrationBuilder.DropTable(
                name: "station_assignments");

            migrationBuilder.DropIndex(
                name: "ix_shots_session_id_enrollment_id",
                table: "shots");

            migrationBuilder.DropIndex(
                name: "ix_school_payments_batch_id_reference",
                table: "school_payments");

            migrationBuilder.DropIndex(
                name: "ix_photos_shot_id_shot_capture_id",
                table: "photos");

            migrationBuilder.DropIndex(
                name: "ix_photos_shot_session_id_shot_station_shot_number",
                table: "photos");

            migrationBuilder.DropColumn(
                name: "statement_class",
                table: "school_payments");

            migrationBuilder.DropColumn(
                name: "statement_department",
                table: "school_payments");

            migrationBuilder.DropColumn(
                name: "shot_capture_id",
                table: "photos");

            migrationBuilder.DropColumn(
                name: "shot_id",
                table: "photos");

            migrationBuilder.DropColumn(
                name: "code_url",
                table: "orders");

            migrationBuilder.DropColumn(
                name: "trade_type",
                table: "orders");

            migrationBuilder.DropColumn(
                name: "class_name",
                table: "enrollments");

            migrationBuilder.DropColumn(
                name: "consent_session_id",
                table: "enrollments");

            migrationBuilder.DropColumn(
                name: "consent_staff_id",
                table: "enrollments");

            migrationBuilder.DropColumn(
                name: "consent_station",
                table: "enrollments");

            migrationBuilder.DropColumn(
                name: "notice_assembly",
                table: "batches");

            migrationBuilder.DropColumn(
                name: "notice_contacts",
                table: "batches");

            migrationBuilder.DropColumn(
                name: "notice_dress",
                table: "batches");

            migrationBuilder.DropColumn(
                name: "studio_address",
                table: "batches");

            migrationBuilder.DropColumn(
                name: "studio_hours",
                table: "batches");

            migrationBuilder.DropColumn(
                name: "studio_phones",
                table: "batches");

            migrationBuilder.AlterColumn<Guid>(
                name: "student_id",
                table: "photos",
                type: "uuid",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"),
                oldClrType: typeof(Guid),
                oldType: "uuid",
                oldNullable: true);

            migrationBuilder.AlterColumn<Guid>(
                name: "student_id",
                table: "orders",
                type: "uuid",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"),
                oldClrType: typeof(Guid),
                oldType: "uuid",
                oldNullable: true);

            migrationBuilder.AlterColumn<Guid>(
                name: "student_id",
                table: "enrollments",
                type: "uuid",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"),
                oldClrType: typeof(Guid),
                oldType: "uuid",
                oldNullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_photos_shot_session_id_shot_station_shot_number",
                table: "photos",
                columns: new[] { "shot_session_id", "shot_station", "shot_number" },
                unique: true);
        }
    }
}
