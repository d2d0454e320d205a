namespace ImageCollection.Api.Tests.StaffConsole;

/// <summary>Every console test shares one stack and one browser (<see cref="ConsoleFixture"/>), one test at a time.</summary>
[CollectionDefinition(Name)]
public sealed class ConsoleCollection : ICollectionFixture<ConsoleFixture>
{
    public const string Name = "Console";
}
