using BenchmarkDotNet.Running;
using ImageCollection.Benchmarks;

// `upload-photo PATH` writes the ~2 MB JPEG the upload load run (infra/bench) sends; `export …` runs the export benchmark
// against a running stack (infra/bench/run.sh --phases exports), `prints …` the print-run benchmark (--phases prints); anything
// else goes to BenchmarkDotNet.
if (args is ["upload-photo", var path]) return UploadPhoto.Write(path);
if (args is ["export", ..]) return await ExportBenchmark.RunAsync(args[1..]);
if (args is ["prints", ..]) return await PrintBenchmark.RunAsync(args[1..]);
BenchmarkSwitcher.FromAssembly(typeof(PhotoCheckBenchmark).Assembly).Run(args);
return 0;
