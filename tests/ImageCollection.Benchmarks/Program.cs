using BenchmarkDotNet.Running;
using ImageCollection.Benchmarks;

// `upload-photo PATH` writes the ~2 MB JPEG the upload load run (infra/bench) sends; anything else goes to BenchmarkDotNet.
if (args is ["upload-photo", var path]) return UploadPhoto.Write(path);
BenchmarkSwitcher.FromAssembly(typeof(PhotoCheckBenchmark).Assembly).Run(args);
return 0;
