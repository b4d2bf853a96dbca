package com.acme.coexist;

/** A class the app's own Byte Buddy agent rewrites when it loads (and that clude-obs may weave too). */
final class Greeter {

  String greet(String name) {
    return "hello " + name;
  }
}
