using ImageCollection.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace ImageCollection.Core.Data;

/// <summary>The system of record. Handlers and jobs use it directly (no repositories).</summary>
public sealed class AppDbContext(DbContextOptions<AppDbContext> options) : DbContext(options)
{
    public DbSet<School> Schools => Set<School>();
    public DbSet<Batch> Batches => Set<Batch>();
    public DbSet<CollectionSession> CollectionSessions => Set<CollectionSession>();
    public DbSet<Student> Students => Set<Student>();
    public DbSet<Enrollment> Enrollments => Set<Enrollment>();
    public DbSet<StaffUser> StaffUsers => Set<StaffUser>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<StatusChange> StatusChanges => Set<StatusChange>();
    public DbSet<StudentMessage> StudentMessages => Set<StudentMessage>();
    public DbSet<StorageCheck> StorageChecks => Set<StorageCheck>();
    public DbSet<Order> Orders => Set<Order>();
    public DbSet<Refund> Refunds => Set<Refund>();
    public DbSet<SchoolPayment> SchoolPayments => Set<SchoolPayment>();
    public DbSet<SchoolPaymentEnrollment> SchoolPaymentEnrollments => Set<SchoolPaymentEnrollment>();
    public DbSet<PaymentException> PaymentExceptions => Set<PaymentException>();
    public DbSet<BulkRefundJob> BulkRefundJobs => Set<BulkRefundJob>();
    public DbSet<ReconciliationRun> ReconciliationRuns => Set<ReconciliationRun>();
    public DbSet<ReconciliationDifference> ReconciliationDifferences => Set<ReconciliationDifference>();
    public DbSet<Photo> Photos => Set<Photo>();
    public DbSet<Shot> Shots => Set<Shot>();
    public DbSet<StationCounter> StationCounters => Set<StationCounter>();
    public DbSet<StationAssignment> StationAssignments => Set<StationAssignment>();
    public DbSet<BulkRefundPreview> BulkRefundPreviews => Set<BulkRefundPreview>();
    public DbSet<PackageJob> PackageJobs => Set<PackageJob>();
    public DbSet<RosterEntry> RosterEntries => Set<RosterEntry>();
    public DbSet<PrintItem> PrintItems => Set<PrintItem>();
    public DbSet<Parcel> Parcels => Set<Parcel>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);
        modelBuilder.UseSnakeCaseEnums();
    }
}
