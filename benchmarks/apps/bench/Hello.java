package bench;

/** Start-up benchmark app: a plain hello-world main that no pointcut selects. */
public final class Hello {
  private Hello() {}

  public static void main(String[] args) {
    System.out.println("hello");
  }
}
