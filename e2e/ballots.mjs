// The critics' ballots of the poll story: twelve critics, ten ranked songs of 2017 each, as the
// spreadsheet a section editor gets (its own column names, in its own order). Made the same way
// every time: a fixed pool and a fixed stride, so the count is known. Two ballots spell one song
// two ways (the featured artist in the title on one, in the creator on the other), and two
// songs come out level on every rule, so an editor has a tie to decide.

export const CRITICS = ['Ann Vo', 'Bo Lind', 'Cy Park', 'Dee Okafor', 'Eli Stern', 'Fay Moreau', 'Gus Brandt', 'Hana Ito', 'Ivo Costa', 'Jo Reyes', 'Kit Lowe', 'Lu Chen'];

const POOL = [
  ['Kendrick Lamar', 'DNA.'],
  ['SZA', 'Supermodel'],
  ['Lorde', 'Green Light'],
  ['LCD Soundsystem', 'Tonite'],
  ['Charli XCX', 'Boys'],
  ['Cardi B', 'Bodak Yellow'],
  ['Japanese Breakfast', 'Boyish'],
  ['Perfume Genius', 'Slip Away'],
  ['Kelela', 'LMK'],
  ['The War on Drugs', 'Holding On'],
  ['St. Vincent', 'New York'],
  ['Jay-Z', 'The Story of O.J.'],
  ['Vince Staples', 'Big Fish'],
  ['Paramore', 'Hard Times'],
  ['Phoebe Bridgers', 'Motion Sickness'],
  ['Waxahatchee', 'Silver'],
  ['Migos', 'Bad and Boujee'],
  ['Lil Uzi Vert', 'XO Tour Llif3'],
  ['Harry Styles', 'Sign of the Times'],
  ['Kesha', 'Praying'],
  ['Carly Rae Jepsen', 'Cut to the Feeling'],
  ['Fever Ray', 'To the Moon and Back'],
  ['Sampha', '(No One Knows Me) Like the Piano'],
  ['Frank Ocean', 'Chanel'],
  ['Big Thief', 'Shark Smile'],
  ['Mount Eerie', 'Real Death'],
  ['Selena Gomez', 'Bad Liar'],
  ['Tyler, the Creator', 'See You Again'],
];

// Picks put over the stride's: [critic, rank, artist, song].
const PLANTED = [
  // One song spelled two ways: the featured artist in the title (twice), in the creator (once).
  ['Ann Vo', 1, 'Kendrick Lamar', 'LOYALTY. (feat. Rihanna)'],
  ['Jo Reyes', 1, 'Kendrick Lamar', 'LOYALTY. (feat. Rihanna)'],
  ['Bo Lind', 1, 'Kendrick Lamar feat. Rihanna', 'LOYALTY.'],
  // Two songs level on points, mentions and every rank: two first places and a sixth each.
  ['Cy Park', 1, 'Kamasi Washington', 'Truth'],
  ['Dee Okafor', 1, 'Kamasi Washington', 'Truth'],
  ['Eli Stern', 6, 'Kamasi Washington', 'Truth'],
  ['Fay Moreau', 1, 'Sufjan Stevens', 'Mystery of Love'],
  ['Gus Brandt', 1, 'Sufjan Stevens', 'Mystery of Love'],
  ['Hana Ito', 6, 'Sufjan Stevens', 'Mystery of Love'],
  ['Ivo Costa', 1, 'Kendrick Lamar', 'HUMBLE.'],
  ['Kit Lowe', 1, 'Kendrick Lamar', 'HUMBLE.'],
  ['Lu Chen', 9, 'Kendrick Lamar', 'HUMBLE.'],
];

/** The ballots as rows: [critic, rank, artist, song]. */
export function ballotRows() {
  const rows = [];
  CRITICS.forEach((critic, c) => {
    const picks = [];
    // Critic c starts at a place of their own in the pool and steps through it.
    for (let k = 0; picks.length < 10; k++) {
      const song = POOL[(c * 5 + k * (c % 2 ? 3 : 1) + (k > 4 ? c : 0)) % POOL.length];
      if (!picks.includes(song)) picks.push(song);
    }
    for (const [who, rank, artist, title] of PLANTED) if (who === critic) picks[rank - 1] = [artist, title];
    picks.forEach(([artist, title], i) => rows.push([critic, i + 1, artist, title]));
  });
  return rows;
}

/** The spreadsheet: CSV with a header row, fields quoted where they hold a comma. */
export function ballotsCsv() {
  const q = (v) => (/[",]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
  return ['Critic,Position,Artist,Song', ...ballotRows().map(([critic, rank, artist, title]) => [q(critic), rank, q(artist), q(title)].join(','))].join('\n') + '\n';
}
