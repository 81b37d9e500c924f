// One measurement of bench/shacl.ts --jena: Apache Jena SHACL (Debian's libapache-jena-java) on the
// same built N-Quads and shapes as the JavaScript validator. Reads the N-Quads into one graph (the
// union of the named graphs, as the build validates), then times the validation alone (or nothing,
// for the parse-only floor) and prints one JSON line in the shape bench/shacl.ts reads.
//   java -cp <jena jars> JenaShacl <nquads> <shapes.ttl> <validate|floor>
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Paths;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Triple;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.riot.RDFParser;
import org.apache.jena.riot.system.StreamRDFBase;
import org.apache.jena.shacl.ShaclValidator;
import org.apache.jena.shacl.Shapes;
import org.apache.jena.shacl.ValidationReport;
import org.apache.jena.sparql.core.Quad;
import org.apache.jena.sparql.graph.GraphFactory;

public class JenaShacl {
  static double cpuSeconds() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
  }

  public static void main(String[] args) throws Exception {
    Graph data = GraphFactory.createDefaultGraph();
    RDFParser.source(args[0]).lang(Lang.NQUADS).parse(new StreamRDFBase() {
      @Override public void triple(Triple t) { data.add(t); }
      @Override public void quad(Quad q) { data.add(q.asTriple()); }
    });
    Graph shapesGraph = RDFDataMgr.loadGraph(args[1]);
    double cpu0 = cpuSeconds();
    long t0 = System.nanoTime();
    int problems = 0;
    if (args[2].equals("validate")) {
      ValidationReport report = ShaclValidator.get().validate(Shapes.parse(shapesGraph), data);
      problems = report.getEntries().size();
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    double cpu = cpuSeconds() - cpu0;
    long hwm = 0;
    for (String line : Files.readAllLines(Paths.get("/proc/self/status"))) {
      if (line.startsWith("VmHWM:")) hwm = Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
    }
    System.out.println("{\"seconds\":" + seconds + ",\"cpu\":" + cpu + ",\"mainBusy\":" + seconds + ",\"maxRss\":" + hwm
        + ",\"quads\":" + data.size() + ",\"problems\":" + problems + "}");
  }
}
