// Lists typed as comma-separated text: `Al Pacino, Robert De Niro`.

export function parseCommaList(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

export function formatCommaList(items: readonly string[]): string {
  return items.join(', ');
}
