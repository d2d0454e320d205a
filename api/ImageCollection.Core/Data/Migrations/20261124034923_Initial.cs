using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ImageCollection.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "audit_entries",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    actor_type = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    actor_id = table.Column<Guid>(type: "uuid", nullable: true),
                    action = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    entity_type = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    entity_id = table.Column<Guid>(type: "uuid", nullable: true),
                    before = table.Column<string>(type: "jsonb", nullable: true),
                    after = table.Column<string>(type: "jsonb", nullable: true),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_audit_entries", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "schools",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    code = table.Column<string>(type: "character varying(5)", maxLength: 5, nullable: false),
                    region_code = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    category = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_schools", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "staff_users",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    display_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    password_hash = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    roles = table.Column<List<string>>(type: "text[]", nullable: false),
                    school_codes = table.Column<List<string>>(type: "text[]", nullable: false),
                    is_active = table.Column<bool>(type: "boolean", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    last_login_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_staff_users", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "status_changes",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    entity_type = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    entity_id = table.Column<Guid>(type: "uuid", nullable: false),
                    from_status = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    to_status = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    reason = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    actor_type = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    actor_id = table.Column<Guid>(type: "uuid", nullable: true),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_status_changes", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "storage_checks",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    requested_by = table.Column<Guid>(type: "uuid", nullable: true),
                    requested_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    status = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    completed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    detail = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_storage_checks", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "students",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    open_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    union_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    session_key_cipher = table.Column<byte[]>(type: "bytea", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    last_login_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_students", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "batches",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    feature_code = table.Column<string>(type: "character varying(6)", maxLength: 6, nullable: false),
                    school_id = table.Column<Guid>(type: "uuid", nullable: false),
                    collection_type = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    population = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    graduation_year = table.Column<int>(type: "integer", nullable: false),
                    fee_fen = table.Column<long>(type: "bigint", nullable: false),
                    payer = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    payment_opens_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    payment_closes_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    collection_opens_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    collection_closes_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    refund_closes_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    submission_limit = table.Column<int>(type: "integer", nullable: false),
                    resubmission_window = table.Column<TimeSpan>(type: "interval", nullable: false),
                    allowed_backgrounds = table.Column<List<string>>(type: "text[]", nullable: false),
                    status = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_batches", x => x.id);
                    table.ForeignKey(
                        name: "fk_batches_schools_school_id",
                        column: x => x.school_id,
                        principalTable: "schools",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "collection_sessions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    batch_id = table.Column<Guid>(type: "uuid", nullable: false),
                    location = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    starts_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ends_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    stations = table.Column<int>(type: "integer", nullable: false),
                    groups = table.Column<List<string>>(type: "text[]", nullable: false),
                    assembly_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    notes = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_collection_sessions", x => x.id);
                    table.ForeignKey(
                        name: "fk_collection_sessions_batches_batch_id",
                        column: x => x.batch_id,
                        principalTable: "batches",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "enrollments",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    batch_id = table.Column<Guid>(type: "uuid", nullable: false),
                    student_id = table.Column<Guid>(type: "uuid", nullable: false),
                    status = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    identity_method = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    collection_code_cipher = table.Column<byte[]>(type: "bytea", nullable: true),
                    collection_code_hash = table.Column<byte[]>(type: "bytea", nullable: true),
                    collection_code_masked = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    collection_code_verified = table.Column<bool>(type: "boolean", nullable: false),
                    chsi_facts = table.Column<string>(type: "jsonb", nullable: true),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    student_number_cipher = table.Column<byte[]>(type: "bytea", nullable: true),
                    student_number_hash = table.Column<byte[]>(type: "bytea", nullable: true),
                    student_number_masked = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    sex = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    id_type = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    id_number_cipher = table.Column<byte[]>(type: "bytea", nullable: true),
                    id_number_hash = table.Column<byte[]>(type: "bytea", nullable: true),
                    id_number_masked = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    id_last4 = table.Column<string>(type: "character varying(4)", maxLength: 4, nullable: true),
                    major = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    education_level = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    school_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    school_category = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    email = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: true),
                    phone_cipher = table.Column<byte[]>(type: "bytea", nullable: true),
                    phone_hash = table.Column<byte[]>(type: "bytea", nullable: true),
                    phone_masked = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    agreement_version = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    consented_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ship_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    ship_phone_cipher = table.Column<byte[]>(type: "bytea", nullable: true),
                    ship_phone_hash = table.Column<byte[]>(type: "bytea", nullable: true),
                    ship_phone_masked = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    ship_province = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    ship_city = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    ship_district = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    ship_street = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    erased_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_enrollments", x => x.id);
                    table.ForeignKey(
                        name: "fk_enrollments_batches_batch_id",
                        column: x => x.batch_id,
                        principalTable: "batches",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_enrollments_students_student_id",
                        column: x => x.student_id,
                        principalTable: "students",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_at",
                table: "audit_entries",
                column: "at");

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_entity_type_entity_id",
                table: "audit_entries",
                columns: new[] { "entity_type", "entity_id" });

            migrationBuilder.CreateIndex(
                name: "ix_batches_feature_code",
                table: "batches",
                column: "feature_code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_batches_school_id_graduation_year",
                table: "batches",
                columns: new[] { "school_id", "graduation_year" });

            migrationBuilder.CreateIndex(
                name: "ix_collection_sessions_batch_id_starts_at",
                table: "collection_sessions",
                columns: new[] { "batch_id", "starts_at" });

            migrationBuilder.CreateIndex(
                name: "ix_enrollments_batch_id_student_id",
                table: "enrollments",
                columns: new[] { "batch_id", "student_id" },
                unique: true,
                filter: "status in ('active', 'completed')");

            migrationBuilder.CreateIndex(
                name: "ix_enrollments_collection_code_hash",
                table: "enrollments",
                column: "collection_code_hash");

            migrationBuilder.CreateIndex(
                name: "ix_enrollments_id_number_hash",
                table: "enrollments",
                column: "id_number_hash");

            migrationBuilder.CreateIndex(
                name: "ix_enrollments_phone_hash",
                table: "enrollments",
                column: "phone_hash");

            migrationBuilder.CreateIndex(
                name: "ix_enrollments_student_id",
                table: "enrollments",
                column: "student_id");

            migrationBuilder.CreateIndex(
                name: "ix_enrollments_student_number_hash",
                table: "enrollments",
                column: "student_number_hash");

            migrationBuilder.CreateIndex(
                name: "ix_schools_code",
                table: "schools",
                column: "code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_staff_users_user_name",
                table: "staff_users",
                column: "user_name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_status_changes_entity_type_entity_id",
                table: "status_changes",
                columns: new[] { "entity_type", "entity_id" });

            migrationBuilder.CreateIndex(
                name: "ix_students_open_id",
                table: "students",
                column: "open_id",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "audit_entries");

            migrationBuilder.DropTable(
                name: "collection_sessions");

            migrationBuilder.DropTable(
                name: "enrollments");

            migrationBuilder.DropTable(
                name: "staff_users");

            migrationBuilder.DropTable(
                name: "status_changes");

            migrationBuilder.DropTable(
                name: "storage_checks");

            migrationBuilder.DropTable(
                name: "batches");

            migrationBuilder.DropTable(
                name: "students");

            migrationBuilder.DropTable(
                name: "schools");
        }
    }
}
