System.Console.WriteLine("1.0.0");
