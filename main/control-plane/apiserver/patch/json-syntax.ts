// A JSON syntax check that fails with Go encoding/json's SyntaxError text. kube-apiserver
// decodes patch bodies with sigs.k8s.io/json (a fork of encoding/json) and returns
// err.Error() in a 400, so a malformed `kubectl patch -p` reads e.g.
// "invalid character 'b' looking for beginning of object key string".

const WS = new Set([' ', '\t', '\n', '\r']);

class Syntax extends Error {}

/** encoding/json quoteChar: the offending byte in single quotes, escaped like strconv.Quote. */
function quoteChar(c: string): string {
  if (c === "'") return `'\\''`;
  if (c === '"') return `'"'`;
  const quoted = JSON.stringify(c);
  const inner = quoted.slice(1, -1).replace(/\\u00([0-9a-f]{2})/g, '\\x$1');
  return `'${inner}'`;
}

class Scanner {
  private i = 0;
  constructor(private readonly s: string) {}

  private peek(): string | undefined {
    return this.s[this.i];
  }

  private fail(context: string): never {
    const c = this.peek();
    if (c === undefined) throw new Syntax('unexpected end of JSON input');
    throw new Syntax(`invalid character ${quoteChar(c)} ${context}`);
  }

  private ws(): void {
    while (this.i < this.s.length && WS.has(this.s[this.i] ?? '')) this.i++;
  }

  top(): void {
    this.value();
    this.ws();
    if (this.i < this.s.length) this.fail('after top-level value');
  }

  private value(): void {
    this.ws();
    const c = this.peek();
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return this.string();
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.number();
    if (c === 't') return this.literal('true');
    if (c === 'f') return this.literal('false');
    if (c === 'n') return this.literal('null');
    this.fail('looking for beginning of value');
  }

  private object(): void {
    this.i++;
    this.ws();
    if (this.peek() === '}') {
      this.i++;
      return;
    }
    for (;;) {
      this.ws();
      if (this.peek() !== '"') this.fail('looking for beginning of object key string');
      this.string();
      this.ws();
      if (this.peek() !== ':') this.fail('after object key');
      this.i++;
      this.value();
      this.ws();
      const c = this.peek();
      if (c === ',') {
        this.i++;
        continue;
      }
      if (c === '}') {
        this.i++;
        return;
      }
      this.fail('after object key:value pair');
    }
  }

  private array(): void {
    this.i++;
    this.ws();
    if (this.peek() === ']') {
      this.i++;
      return;
    }
    for (;;) {
      this.value();
      this.ws();
      const c = this.peek();
      if (c === ',') {
        this.i++;
        continue;
      }
      if (c === ']') {
        this.i++;
        return;
      }
      this.fail('after array element');
    }
  }

  private string(): void {
    this.i++;
    for (;;) {
      const c = this.peek();
      if (c === undefined) this.fail('in string literal');
      if (c === '"') {
        this.i++;
        return;
      }
      if (c < ' ') this.fail('in string literal');
      this.i++;
      if (c !== '\\') continue;
      const e = this.peek();
      if (e !== undefined && '"\\/bfnrt'.includes(e)) {
        this.i++;
        continue;
      }
      if (e !== 'u') this.fail('in string escape code');
      this.i++;
      for (let k = 0; k < 4; k++) {
        if (!/[0-9a-fA-F]/.test(this.peek() ?? '')) this.fail('in \\u hexadecimal character escape');
        this.i++;
      }
    }
  }

  private digits(): void {
    while (/[0-9]/.test(this.peek() ?? '')) this.i++;
  }

  private number(): void {
    if (this.peek() === '-') {
      this.i++;
      if (!/[0-9]/.test(this.peek() ?? '')) this.fail('in numeric literal');
    }
    if (this.peek() === '0') this.i++;
    else this.digits();
    if (this.peek() === '.') {
      this.i++;
      if (!/[0-9]/.test(this.peek() ?? '')) this.fail('after decimal point in numeric literal');
      this.digits();
    }
    const e = this.peek();
    if (e === 'e' || e === 'E') {
      this.i++;
      if (this.peek() === '+' || this.peek() === '-') this.i++;
      if (!/[0-9]/.test(this.peek() ?? '')) this.fail('in exponent of numeric literal');
      this.digits();
    }
  }

  private literal(word: string): void {
    for (let k = 0; k < word.length; k++) {
      const want = word[k] ?? '';
      if (this.peek() !== want) this.fail(`in literal ${word} (expecting ${quoteChar(want)})`);
      this.i++;
    }
  }
}

/** The Go SyntaxError message for `text`, or undefined when it is valid JSON. */
export function goJsonSyntaxError(text: string): string | undefined {
  try {
    new Scanner(text).top();
    return undefined;
  } catch (e) {
    if (e instanceof Syntax) return e.message;
    throw e;
  }
}

/** Parse JSON, throwing an Error whose message is encoding/json's. */
export function parseGoJson(text: string): unknown {
  const err = goJsonSyntaxError(text);
  if (err !== undefined) throw new Error(err);
  return JSON.parse(text) as unknown;
}
