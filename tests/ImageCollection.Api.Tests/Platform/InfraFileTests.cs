using ImageCollection.Testing;
using YamlDotNet.RepresentationModel;

namespace ImageCollection.Api.Tests.Platform;

public sealed class InfraFileTests
{
    [Fact]
    public void The_production_compose_file_parses_and_names_the_services()
    {
        var yaml = new YamlStream();
        yaml.Load(new StringReader(File.ReadAllText(Path.Combine(RepoPaths.Root, "infra", "docker-compose.yml"))));
        var services = (YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode)["services"];
        foreach (var name in new[] { "postgres", "minio", "migrate", "api", "worker" })
            Assert.True(services.Children.ContainsKey(name), $"service {name} missing");
        // The worker's health on its management listener drives its replacement.
        var worker = (YamlMappingNode)services["worker"];
        var test = string.Join(" ", ((YamlSequenceNode)((YamlMappingNode)worker["healthcheck"])["test"]).Select(n => n.ToString()));
        var listener = ((YamlMappingNode)worker["environment"])["Management__Urls"].ToString();
        Assert.Contains($"{listener.Replace("+", "127.0.0.1")}/health/ready", test);
        Assert.False(worker.Children.ContainsKey("ports"), "the worker publishes no port");
    }

    [Fact]
    public void The_readme_starts_with_the_run_and_test_commands()
    {
        var readme = File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md"));
        var first = readme.IndexOf("```", StringComparison.Ordinal);
        var block = readme[(first + 3)..readme.IndexOf("```", first + 3, StringComparison.Ordinal)];
        Assert.Contains("infra/run.sh", block);
        Assert.Contains("infra/test.sh", block);
        Assert.Equal("#!/usr/bin/env bash\nexec \"$(dirname \"$0\")/../infra/test.sh\"\n", File.ReadAllText(Path.Combine(RepoPaths.Root, ".ci", "run")));
    }
}
