namespace ImageCollection.Core.Domain;

/// <summary>线下集采, 线上集采, 散拍, 补拍.</summary>
public enum CollectionType { Onsite, Online, WalkIn, MakeUp }

/// <summary>Who pays: each student in the mini-program, or the school for everyone.</summary>
public enum Payer { Student, School }

public enum BatchStatus { Draft, Open, Closed }

/// <summary>Background colours a batch accepts (the standard's light blue by default).</summary>
public static class Backgrounds
{
    public const string LightBlue = "light_blue";
    public const string White = "white";
    public const string LightGrey = "light_grey";
    public static readonly IReadOnlySet<string> All = new HashSet<string> { LightBlue, White, LightGrey };
}

/// <summary>One collection of one school: a type, a window, a fee, identified by its feature code (采集批次特征码).</summary>
public sealed partial class Batch
{
    private Batch() { }

    public Batch(string featureCode, Guid schoolId, CollectionType type, BatchTerms terms, DateTimeOffset now)
    {
        Id = Guid.CreateVersion7();
        FeatureCode = FeatureCodes.Normalize(featureCode);
        SchoolId = schoolId;
        CollectionType = type;
        Status = BatchStatus.Draft;
        CreatedAt = now;
        Apply(terms, now);
    }

    public Guid Id { get; private set; }
    /// <summary>Upper-case; unique ignoring case.</summary>
    public string FeatureCode { get; private set; } = "";
    public Guid SchoolId { get; private set; }
    public School? School { get; private set; }
    public CollectionType CollectionType { get; private set; }
    /// <summary>Population label, e.g. 全日制, 同等学力.</summary>
    public string Population { get; private set; } = "";
    public int GraduationYear { get; private set; }
    public long FeeFen { get; private set; }
    public Payer Payer { get; private set; }
    public DateTimeOffset PaymentOpensAt { get; private set; }
    public DateTimeOffset PaymentClosesAt { get; private set; }
    public DateTimeOffset CollectionOpensAt { get; private set; }
    public DateTimeOffset CollectionClosesAt { get; private set; }
    /// <summary>Until when students may ask for a refund themselves.</summary>
    public DateTimeOffset RefundClosesAt { get; private set; }
    /// <summary>How many uploads a student may make in this batch.</summary>
    public int SubmissionLimit { get; private set; }
    /// <summary>How long after a rejection a new upload is accepted.</summary>
    public TimeSpan ResubmissionWindow { get; private set; }
    public List<string> AllowedBackgrounds { get; private set; } = [];
    public BatchStatus Status { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public uint Version { get; private set; }
    public List<CollectionSession> Sessions { get; private set; } = [];
    /// <summary>Where a walk-in or make-up batch photographs (a studio of the agency), as the notice prints it.</summary>
    public Studio? Studio { get; private set; }
    /// <summary>The notice's practical text: whom to ask, where to gather, what to wear.</summary>
    public BatchNotice? Notice { get; private set; }
    /// <summary>The paper prints the batch sells with the collection; none: it sells none.</summary>
    public PrintOffer? Prints { get; private set; }

    /// <summary>Students give a shipping address before they pay: their prints are posted to them.</summary>
    public bool PostsPrints => Prints?.Delivery == PrintDelivery.Post;

    /// <summary>Batches held in sessions with stations: on-site ones, and walk-in or make-up ones at a studio.</summary>
    public bool HasStations => CollectionType == CollectionType.Onsite || (!IsGroupCollection && Studio is not null);

    /// <summary>Make-up batches also take students of earlier years who missed their collection.</summary>
    public bool AcceptsGraduationYear(int year) => CollectionType == CollectionType.MakeUp ? year <= GraduationYear : year == GraduationYear;

    public bool IsGroupCollection => CollectionType is CollectionType.Onsite or CollectionType.Online;

    public bool IsOpen => Status == BatchStatus.Open;

    public bool InPaymentWindow(DateTimeOffset now) => now >= PaymentOpensAt && now < PaymentClosesAt;

    public bool InCollectionWindow(DateTimeOffset now) => now >= CollectionOpensAt && now < CollectionClosesAt;

    /// <summary>Closed by staff, or past its collection window: nobody enrolls or submits any more.</summary>
    public bool HasEnded(DateTimeOffset now) => Status == BatchStatus.Closed || now >= CollectionClosesAt;

    /// <summary>Changes the terms. Fee and payer are locked once anyone has paid.</summary>
    public void ChangeTerms(BatchTerms terms, bool anyonePaid, DateTimeOffset now)
    {
        if (anyonePaid && (terms.FeeFen != FeeFen || terms.Payer != Payer))
            throw DomainException.Conflict("batch.fee_locked", "Fee and payer cannot change once anyone has paid.");
        Apply(terms, now);
    }

    /// <summary>Sells prints (or stops selling them: null). Locked once a print run has taken any student of the batch.</summary>
    public void ChangePrints(PrintOffer? offer, bool anyPrinted, DateTimeOffset now)
    {
        if (anyPrinted && offer != Prints)
            throw DomainException.Conflict("prints.locked", "A print run has already printed for this batch: its print terms can no longer change.");
        Prints = offer;
        UpdatedAt = now;
    }

    private void Apply(BatchTerms t, DateTimeOffset now)
    {
        Population = t.Population.Trim();
        GraduationYear = t.GraduationYear;
        FeeFen = t.FeeFen;
        Payer = t.Payer;
        // timestamptz holds UTC; windows are shown in China time by the API.
        PaymentOpensAt = t.PaymentOpensAt.ToUniversalTime();
        PaymentClosesAt = t.PaymentClosesAt.ToUniversalTime();
        CollectionOpensAt = t.CollectionOpensAt.ToUniversalTime();
        CollectionClosesAt = t.CollectionClosesAt.ToUniversalTime();
        RefundClosesAt = (t.RefundClosesAt ?? t.CollectionClosesAt.AddDays(7)).ToUniversalTime();
        SubmissionLimit = t.SubmissionLimit;
        ResubmissionWindow = t.ResubmissionWindow;
        AllowedBackgrounds = t.AllowedBackgrounds.Distinct().Order().ToList();
        if (IsGroupCollection && t.Studio is not null)
            throw DomainException.Conflict("batch.studio_not_allowed", "Only walk-in and make-up batches are held at a studio.");
        Studio = t.Studio;
        Notice = t.Notice;
        UpdatedAt = now;
    }
}

/// <summary>The editable terms of a batch, checked by the API before they reach the entity.</summary>
public sealed record BatchTerms(
    string Population,
    int GraduationYear,
    long FeeFen,
    Payer Payer,
    DateTimeOffset PaymentOpensAt,
    DateTimeOffset PaymentClosesAt,
    DateTimeOffset CollectionOpensAt,
    DateTimeOffset CollectionClosesAt,
    DateTimeOffset? RefundClosesAt,
    int SubmissionLimit,
    TimeSpan ResubmissionWindow,
    IReadOnlyList<string> AllowedBackgrounds,
    Studio? Studio = null,
    BatchNotice? Notice = null);

/// <summary>An agency studio where walk-in and make-up students are photographed (散拍/补拍).</summary>
public sealed record Studio(string Address, string? OpeningHours, string? Phones);

/// <summary>What a school's notice tells students besides the dates: contacts (联系方式), assembly (集合说明), dress (着装要求).</summary>
public sealed record BatchNotice(string? Contacts, string? Assembly, string? Dress);
