// Runs after the generated project's `mvn -B verify -Prun-local` succeeded. Checks what its
// own tests cannot see: that s.yaml deploys what the build produced, that the deployable jar holds the woven function
// and not the test kit, that the project resolved the OpenTelemetry core fc-tracing is built on from fc-tracing-bom
// alone, and that its weave is configured exactly as sample-function's quick-start block (which the README shows).
import java.util.jar.JarFile

// Where the archetype plugin generates the project: projects/<this test>/project/<artifactId of archetype.properties>.
def projectDir = new File('@project.build.testOutputDirectory@/projects/function/project/hello-function')

def fail = { String message -> throw new AssertionError(message) }
def normalized = { String xml -> xml.replaceAll(/\s+/, ' ').trim() }

// s.yaml: the code path is the shaded jar; the handler and both lifecycle hooks are methods of a class in it.
def yaml = new File(projectDir, 's.yaml').text
def code = (yaml =~ /(?m)^\s*code:\s*(\S+)\s*$/)
if (!code) fail('s.yaml has no code: line')
def jarFile = new File(projectDir, code[0][1])
if (!jarFile.isFile()) fail("s.yaml deploys ${code[0][1]}, which the build did not produce")
def handlers = (yaml =~ /(?m)^\s*handler:\s*(\S+)::(\w+)\s*$/).collect { [it[1], it[2]] }
if (handlers.collect { it[1] } != ['handleRequest', 'preFreeze', 'preStop']) {
  fail("s.yaml handlers are ${handlers}, expected handleRequest, preFreeze and preStop")
}
def jar = new JarFile(jarFile)
try {
  handlers.each { className, method ->
    if (jar.getEntry(className.replace('.', '/') + '.class') == null) fail("${className} is not in ${jarFile.name}")
  }
  // The weaving index and tracing-aspects (named by its Maven metadata, which outlives package moves inside it).
  ['META-INF/fc-tracing/traced.idx', 'META-INF/maven/dev.fctracing/tracing-aspects/pom.properties'].each {
    if (jar.getEntry(it) == null) fail("${jarFile.name} lacks ${it}")
  }
  if (jar.entries().toList().any { it.name.startsWith('dev/fctracing/testing/') }) {
    fail("${jarFile.name} contains the test kit (dev/fctracing/testing), which belongs in test scope")
  }
  // fc-tracing's Log4j 2 context data provider (trace ids in log lines) survives shading: the shade config merges
  // META-INF/services files, where log4j-core registers its own provider under the same name.
  def services = jar.getEntry('META-INF/services/org.apache.logging.log4j.core.util.ContextDataProvider')
  if (services == null || !jar.getInputStream(services).text.contains('dev.fctracing.internal.correlation.Log4j2TraceIds')) {
    fail("${jarFile.name} does not register fc-tracing's Log4j 2 context data provider")
  }
} finally {
  jar.close()
}
if (!new File(projectDir, 'pom.xml').text.contains('org.apache.maven.plugins.shade.resource.ServicesResourceTransformer')) {
  fail('the generated pom does not merge META-INF/services files when shading (ServicesResourceTransformer)')
}

// The test class path surefire recorded: OpenTelemetry's core as fc-tracing-bom (through the instrumentation BOM)
// manages it, and as fc-tracing is built and tested on.
def reports = new File(projectDir, 'target/surefire-reports').listFiles().findAll { it.name ==~ /TEST-.*\.xml/ }
if (reports.isEmpty()) fail('no surefire report: the generated tests did not run')
def classPath = (reports[0].text =~ /name="surefire\.test\.class\.path" value="([^"]*)"/)
if (!classPath) fail("no surefire.test.class.path in ${reports[0].name}")
def apiJars = classPath[0][1].split(File.pathSeparator).findAll { it ==~ /.*[\/\\]opentelemetry-api-[^\/\\]*\.jar/ }
def expectedApi = 'opentelemetry-api-@opentelemetry.version@.jar'
if (apiJars.size() != 1 || !apiJars[0].endsWith(File.separator + expectedApi)) {
  fail("the generated project resolved ${apiJars}, expected ${expectedApi} (opentelemetry.version in fc-tracing-bom)")
}

// The README's local run (goal.txt adds -Prun-local to verify): LocalInvoke invoked the woven handler with the event
// file, and the nested trace arrived before handleRequest returned.
def buildLog = new File(projectDir, 'build.log').text
['handleRequest returned in', '"hello Function Compute"', '(FC system span ', 'OK: trace '].each {
  if (!buildLog.contains(it)) fail("the run-local profile's output lacks '${it}'; see ${projectDir}/build.log")
}
if (!(buildLog =~ /(?m)^\s+read-name\s+\d+\.\d ms/)) fail('the run-local waterfall has no read-name span')

// The weave, as in sample-function/pom.xml between its quick-start:plugin markers.
def sample = new File('@project.basedir@/../sample-function/pom.xml').text
def quickStart = (sample =~ /(?s)<!-- quick-start:plugin -->(.*?)<!-- \/quick-start:plugin -->/)
if (!quickStart) fail('sample-function/pom.xml has no quick-start:plugin block')
def generatedPom = new File(projectDir, 'pom.xml').text
def weave = (generatedPom =~ /(?s)\s*<plugin>\s*<groupId>dev\.aspectj<\/groupId>.*?<\/plugin>/)
if (!weave) fail('the generated pom has no aspectj-maven-plugin')
if (normalized(weave[0]) != normalized(quickStart[0][1])) {
  fail("the generated pom's aspectj-maven-plugin differs from sample-function's quick-start block:\n${weave[0]}")
}
return true
