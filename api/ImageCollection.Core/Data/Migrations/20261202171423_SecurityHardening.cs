using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ImageCollection.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class SecurityHardening : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "failed_login_count",
                table: "staff_users",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "login_blocked_until",
                table: "staff_users",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "security_stamp",
                table: "staff_users",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<bool>(
                name: "counts_as_submission",
                table: "photos",
                type: "boolean",
                nullable: false,
                defaultValue: true);

            // Accounts that exist get a stamp of their own; tokens issued before carry none and stop working.
            migrationBuilder.Sql("update staff_users set security_stamp = md5(random()::text || id::text)");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "failed_login_count",
                table: "staff_users");

            migrationBuilder.DropColumn(
                name: "login_blocked_until",
                table: "staff_users");

            migrationBuilder.DropColumn(
                name: "security_stamp",
                table: "staff_users");

            migrationBuilder.DropColumn(
                name: "counts_as_submission",
                table: "photos");
        }
    }
}
