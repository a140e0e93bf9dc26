import { describe, expect, it } from 'vitest';
import {
  compileTemplate,
  renderTemplate,
  TemplateError,
  TRUE_VALUE,
  type TemplateValue,
} from './template.js';

const variables = new Map<string, TemplateValue>([
  ['.Config.sort', 'time'],
  ['.Config.cat-id', '42'],
  ['.Config.2facode', '123456'],
  ['.Config.freeleech', TRUE_VALUE],
  ['.Config.disablesort', null],
  ['.Keywords', 'the matrix'],
  ['.Query.IMDBID', null],
  ['.Query.Season', '2'],
  ['.Categories', ['1', '42', '7']],
  ['.Result.title', 'Title'],
  ['.Result.empty', ''],
  ['.Result._type', 'web'],
  ['.True', TRUE_VALUE],
  ['.False', null],
  ['.Today.Year', '2026'],
]);

describe('Cardigann templates', () => {
  it.each([
    ['plain text', 'browse.php', 'browse.php'],
    ['variable', 'search/{{ .Keywords }}/{{ .Config.sort }}', 'search/the matrix/time'],
    ['names with a dash or a leading digit', '{{ .Config.cat-id }}-{{ .Config.2facode }}', '42-123456'],
    ['unknown variable renders empty', '[{{ .Config.nothing }}]', '[]'],
    ['if/else true', '{{ if .Keywords }}k{{ else }}none{{ end }}', 'k'],
    ['if/else false', '{{ if .Query.IMDBID }}i{{ else }}none{{ end }}', 'none'],
    ['if without else', 'a{{ if .Result.empty }}b{{ end }}c', 'ac'],
    ['else if', '{{ if .Query.IMDBID }}1{{ else if .Keywords }}2{{ else }}3{{ end }}', '2'],
    ['and', '{{ if and .Keywords .Config.freeleech }}y{{ else }}n{{ end }}', 'y'],
    [
      'and short-circuits to the falsy value',
      '{{ if and .Keywords .Config.disablesort }}y{{ else }}n{{ end }}',
      'n',
    ],
    ['or picks the first truthy value', '{{ or .Result.empty .Query.IMDBID .Result.title }}', 'Title'],
    ['eq with .False on an unticked box', '{{ if eq .Config.disablesort .False }}sorted{{ end }}', 'sorted'],
    ['eq on a string', '{{ if eq .Result._type "web" }}WEBRip{{ else }}BRRip{{ end }}', 'WEBRip'],
    ['eq with several candidates', '{{ if eq .Config.sort "size" "time" }}y{{ end }}', 'y'],
    ['ne', '{{ if ne .Config.sort "time" }}y{{ else }}n{{ end }}', 'n'],
    ['not', '{{ if not .Query.IMDBID }}y{{ end }}', 'y'],
    ['nested parentheses', '{{ if and (.Keywords) (eq .Config.disablesort .False) }}sort-{{ end }}', 'sort-'],
    [
      'stray closing parenthesis is tolerated',
      '{{ if and (.Keywords) (eq .Config.disablesort .False)) }}x{{ end }}',
      'x',
    ],
    ['range over categories', '{{ range .Categories }}cat{{.}}=1&{{end}}', 'cat1=1&cat42=1&cat7=1&'],
    ['range else on an empty list', '{{ range .Query.IMDBID }}x{{ else }}none{{ end }}', 'none'],
    ['join', '{{ join .Categories "," }}', '1,42,7'],
    ['re_replace with .NET groups', '{{ re_replace .Keywords "(\\\\w+) (\\\\w+)" "$2_$1" }}', 'matrix_the'],
    ['re_replace with $0', '{{ re_replace .Config.sort "ti" "[$0]" }}', '[ti]me'],
    ['.True and .Today.Year', '{{ .True }} {{ .Today.Year }}', 'True 2026'],
    ['whitespace trimming', 'a  {{- .Config.sort -}}   b', 'atimeb'],
    ['braces inside a string', '{{ if eq .Result.title "}}" }}x{{ else }}y{{ end }}', 'y'],
  ])('%s', (_name, template, expected) => {
    expect(renderTemplate(template, variables)).toBe(expected);
  });

  it('reports the variables a template reads', () => {
    const template = compileTemplate(
      '{{ if .Config.a }}{{ range .Categories }}{{ .Config.b }}{{ end }}{{ end }}',
    );
    expect([...template.variables].sort()).toEqual(['.Categories', '.Config.a', '.Config.b']);
  });

  it.each([
    ['unclosed action', '{{ .Keywords '],
    ['if without end', '{{ if .Keywords }}x'],
    ['unexpected end', 'x{{ end }}'],
    ['unknown function', '{{ printf "%s" .Keywords }}'],
    ['wrong arity', '{{ re_replace .Keywords "a" }}'],
    ['unterminated string', '{{ eq .Keywords "abc }}'],
  ])('refuses %s with a TemplateError', (_name, template) => {
    expect(() => compileTemplate(template)).toThrow(TemplateError);
  });
});
