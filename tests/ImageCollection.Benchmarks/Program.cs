Console.WriteLine("benchmarks come with the photo checker");
