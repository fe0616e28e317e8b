import { describe, expect, it } from 'vitest';
import { splitCommand } from './command-line.js';

describe('splitCommand (the Exec box as argv)', () => {
  it('splits on blanks and keeps quoted words whole', () => {
    expect(splitCommand('sh')).toEqual(['sh']);
    expect(splitCommand('  ls   -la /  ')).toEqual(['ls', '-la', '/']);
    expect(splitCommand(`sh -c 'echo $((6*7)); exit 3'`)).toEqual(['sh', '-c', 'echo $((6*7)); exit 3']);
    expect(splitCommand('echo "a \\"b\\" c" d\\ e')).toEqual(['echo', 'a "b" c', 'd e']);
    expect(splitCommand(`printf ''`)).toEqual(['printf', '']);
    expect(splitCommand('')).toEqual([]);
  });

  it('refuses an unterminated quote', () => {
    expect(splitCommand(`sh -c 'echo`)).toBeUndefined();
    expect(splitCommand('echo "x')).toBeUndefined();
  });
});
