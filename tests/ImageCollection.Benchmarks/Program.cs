using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(ImageCollection.Benchmarks.PhotoCheckBenchmark).Assembly).Run(args);
