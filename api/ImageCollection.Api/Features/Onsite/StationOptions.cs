namespace ImageCollection.Api.Features.Onsite;

/// <summary>
/// What the collection stations work with. <see cref="AgreementVersion"/> is the collection agreement (采集协议) the
/// stations show a walk-up student, as printed: the station page sends it with the walk-up enrollment, so the consent
/// records the version the student was shown, not one a photographer typed. Change it with the printed agreement.
/// </summary>
public sealed class StationOptions
{
    public const string Section = "Stations";

    public string AgreementVersion { get; set; } = "2026-09";
}
