// Runs after the README's project built with `mvn -B verify`. Checks what the build's success alone does not: the
// README's test ran (Surefire silently runs none when misconfigured) and passed, the deployable jar holds the handler
// woven by ajc (not merely compiled by javac), the weaving index and the aspects, and the class files are Java 8's.
import java.util.jar.JarFile

def fail = { String message -> throw new AssertionError(message) }

// "Testing your function": the README's HelloHandlerTest, run by Surefire against the woven handler.
def report = new File(basedir, 'target/surefire-reports/TEST-com.example.HelloHandlerTest.xml')
if (!report.isFile()) fail("the README's HelloHandlerTest did not run: no ${report}")
def suite = (report.getText('UTF-8') =~ /<testsuite\b[^>]*>/)
if (!suite.find()) fail("${report.name} has no <testsuite> element")
def count = { String name ->
  def value = (suite.group() =~ /\b${name}="(\d+)"/)
  if (!value.find()) fail("${report.name}'s testsuite has no ${name} count")
  value.group(1) as int
}
if (count('tests') < 1) fail("${report.name} reports no test")
['failures', 'errors', 'skipped'].each { if (count(it) != 0) fail("${report.name}: ${it}=${count(it)}") }

def jarFile = new File(basedir, 'target/hello-fc-1.0.0.jar')
if (!jarFile.isFile()) fail("the README's pom did not produce ${jarFile}")
def jar = new JarFile(jarFile)
try {
  def entry = jar.getEntry('com/example/HelloHandler.class')
  if (entry == null) fail("${jarFile.name} lacks com/example/HelloHandler.class")
  byte[] bytes = jar.getInputStream(entry).bytes
  int major = ((bytes[6] & 0xff) << 8) | (bytes[7] & 0xff)
  if (major != 52) fail("HelloHandler.class has class-file version ${major}, not Java 8's 52")
  def text = new String(bytes, 'ISO-8859-1')
  if (!text.contains('ajc$tjp_')) fail('HelloHandler.class is not woven: no ajc$tjp_ join point fields')
  ['META-INF/fc-tracing/traced.idx', 'META-INF/maven/dev.fctracing/tracing-aspects/pom.properties'].each {
    if (jar.getEntry(it) == null) fail("${jarFile.name} lacks ${it}")
  }
} finally {
  jar.close()
}
return true
