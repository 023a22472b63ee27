// The in-memory desk's demo magazine, after the core's (`src/api/demo.rs`): the same people and
// titles, pieces in every stage, a partly assembled year-end list, two pieces on the calendar.
// The texts are short stand-ins written for the mock.

import type { Content, Entry, Role } from '../types';

export const DEMO_PEOPLE: [string, Role[], string[]][] = [
  ['Ed Marsh', ['editor', 'admin'], []],
  ['Cora Lind', ['copy_editor'], []],
  ['Wren Adair', ['writer'], []],
  ['Sam Ortiz', ['section_editor', 'writer'], ['Music']],
];

const base = (c: Partial<Content> & Pick<Content, 'kind' | 'section' | 'headline'>): Content => ({
  dek: '',
  slug: '',
  bylines: [],
  tags: [],
  image: null,
  review: null,
  list: null,
  corrections: [],
  body: '',
  ...c,
});

export type DemoPiece = {
  file: string;
  content: Content;
  /** When the archive piece went out, days before now. */
  publishedDaysAgo?: number;
};

export const DEMO_PUBLISHED: DemoPiece[] = [
  {
    file: 'heat.md',
    publishedDaysAgo: 6,
    content: base({
      kind: 'review',
      section: 'Film',
      headline: "Night Moves: 'Heat' at Thirty",
      dek: "Michael Mann's Los Angeles crime epic still plays like a city symphony with guns.",
      bylines: ['Wren Adair'],
      review: {
        subject: {
          medium: 'film',
          title: 'Heat',
          director: ['Michael Mann'],
          cast: ['Al Pacino', 'Robert De Niro', 'Val Kilmer', 'Amy Brenneman'],
          rated: 'R',
          studio: 'Warner Bros.',
          year: 1995,
          runtime: 170,
          releases: [{ region: 'US', date: '1995-12-15', note: 'General release' }],
        },
        score: 9,
      },
      body:
        "Thirty years on, *Heat* still opens like a weather report: blue light on the freeway, a train sliding into the station, a city that never quite sleeps.\n\n<!--more-->\n\nMann shoots Los Angeles at night as if it were an ocean, all surface and depth. The famous diner scene is two actors listening, which turns out to be the most suspenseful thing in the film.\n\n> A man's got to do what he's got to do.\n\nThe shootout downtown is the set piece everyone remembers, but the film's real subject is loneliness: two professionals who understand each other better than anyone at home understands them.",
    }),
  },
  {
    file: 'homogenic.md',
    publishedDaysAgo: 4,
    content: base({
      kind: 'review',
      section: 'Music',
      headline: "Björk, 'Homogenic'",
      dek: 'Strings, beats and a volcano: the 1997 record still sounds like weather.',
      bylines: ['Sam Ortiz'],
      tags: ['electronic', 'reissues'],
      image: { src: '/images/homogenic.jpg', alt: 'The album cover', caption: 'The cover, styled by Alexander McQueen', credit: 'One Little Indian' },
      review: {
        subject: { medium: 'album', title: 'Homogenic', artist: 'Björk', label: 'One Little Indian', released: '1997-09-22', genre: ['Electronic', 'Art pop'] },
        score: 9.5,
      },
      body:
        "Björk called *Homogenic* her most Icelandic record, and you can hear the landscape in it: the strings are glaciers, the beats are tectonic.\n\n\"Jóga\" is the centrepiece, a love song to a friend and to a country, its volcanic low end erupting under the Icelandic String Octet.\n\nThe reissue adds nothing essential, which is the best thing one can say about it: the record was finished the first time.",
    }),
  },
  {
    file: 'hamlet.md',
    publishedDaysAgo: 2,
    content: base({
      kind: 'review',
      section: 'Stage',
      headline: 'Hamlet at the Barbican',
      dek: 'A starry, restless production that never quite sits still.',
      bylines: ['Wren Adair'],
      review: {
        subject: {
          medium: 'stage',
          title: 'Hamlet',
          playwright: 'William Shakespeare',
          director: 'Lyndsey Turner',
          cast: ['Benedict Cumberbatch', 'Ciarán Hinds'],
          venue: 'Barbican Theatre',
          city: 'London',
          opened: '2015-08-25',
          closes: '2015-10-31',
        },
        score: 6,
      },
      body:
        "Es Devlin's set is a mansion that rots in front of us, and it is the best performance of the night.\n\nCumberbatch is a fine, quick Hamlet, but the production keeps moving the furniture, as if afraid the audience might notice the play.",
    }),
  },
];

const songs: [string, string, string][] = [
  ['Radiohead', 'Paranoid Android', 'Sam Ortiz'],
  ['Blur', 'Song 2', 'Wren Adair'],
  ['The Verve', 'Bitter Sweet Symphony', 'Sam Ortiz'],
  ['Missy Elliott', 'The Rain (Supa Dupa Fly)', 'Wren Adair'],
  ['Daft Punk', 'Around the World', 'Sam Ortiz'],
  ['Portishead', 'All Mine', 'Wren Adair'],
  ['Cornershop', 'Brimful of Asha', 'Sam Ortiz'],
  ['Björk', 'Jóga', 'Wren Adair'],
];

export const DEMO_DRAFTS: DemoPiece[] = [
  {
    file: 'ishiguro.md',
    content: base({
      kind: 'feature',
      section: 'Books',
      headline: 'How Ishiguro Writes Memory',
      dek: 'Unreliable narrators, quiet catastrophes, and the sentences that hold them.',
      bylines: ['Wren Adair', 'Sam Ortiz'],
      body:
        "Kazuo Ishiguro won the Nobel Prize in Literature in 2017.\n\n<!--more-->\n\n## The Narrators\n\nStevens in *The Remains of the Day* and Kathy H. in *Never Let Me Go* tell their stories politely, and rarely say what they mean.\n\n>> Politeness is the mask; memory is the face under it.",
    }),
  },
  {
    file: 'the-wire.md',
    content: base({
      kind: 'review',
      section: 'Television',
      headline: 'The Wire, Season Four: School Days',
      dek: "David Simon's Baltimore turns to its classrooms, and the show finds its broken heart.",
      bylines: ['Wren Adair'],
      review: { subject: { medium: 'television', title: 'The Wire', season: 4, network: 'HBO', creator: ['David Simon'], cast: ['Dominic West', 'Jermaine Crawford'], premiered: '2006-09-10' }, score: 10 },
      body: 'Four boys, one corner, and a school system that has already decided who they are.\n\nSeason four is the one people press on friends, and it earns it.',
    }),
  },
  {
    file: 'outer-wilds.md',
    content: base({
      kind: 'review',
      section: 'Games',
      headline: 'Outer Wilds and the 22-Minute Universe',
      dek: 'A solar system on a loop, and a game that trusts you to be curious.',
      bylines: ['Sam Ortiz'],
      review: { subject: { medium: 'game', title: 'Outer Wilds', developer: 'Mobius Digital', publisher: 'Annapurna Interactive', platform: ['PC', 'Xbox One', 'PlayStation 4'], released: '2019-05-28' }, score: null },
      body: 'Every twenty-two minutes the sun explodes, and you wake up by a campfire with everything you learned and nothing you carried.',
    }),
  },
  {
    file: 'remains.md',
    content: base({
      kind: 'review',
      section: 'Books',
      headline: 'The Remains of the Day, Reread',
      bylines: ['Wren Adair'],
      review: { subject: { medium: 'book', title: 'The Remains of the Day', author: ['Kazuo Ishiguro'], publisher: 'Faber and Faber', published: '1989-05-01', pages: 245, isbn: null }, score: null },
      body: 'A butler drives to the West Country and, mile by mile, his composure gives way.',
    }),
  },
  {
    file: 'songs-1997.md',
    content: base({
      kind: 'list',
      section: 'Music',
      headline: 'The 12 Best Songs of 1997',
      dek: "A year of trip-hop, Britpop's last stand and the first MP3s.",
      bylines: ['Sam Ortiz'],
      list: {
        item: 'song',
        order: 'countdown',
        page_size: 5,
        entries: songs.map(([creator, title, contributor], i): Entry => ({
          rank: 12 - i,
          creator,
          title,
          contributor,
          blurb: i < 5 ? `Number ${12 - i} of our twelve, a blurb still to be polished.` : null,
          link: null,
        })),
      },
      body: 'Twelve songs from a year when the charts still mattered. Ballots from the whole desk; the last entries are still being assembled.',
    }),
  },
  {
    file: 'past-lives.md',
    content: base({
      kind: 'review',
      section: 'Film',
      headline: 'Past Lives: Twenty-Four Years, One Evening',
      dek: "Celine Song's debut is a love story told almost entirely in pauses.",
      bylines: ['Wren Adair'],
      review: {
        subject: { medium: 'film', title: 'Past Lives', director: ['Celine Song'], cast: ['Greta Lee', 'Teo Yoo', 'John Magaro'], rated: 'PG-13', studio: 'A24', year: 2023, runtime: 106, releases: [{ region: 'US', date: '2023-06-02', note: 'Limited release' }] },
        score: null,
      },
      body: 'Two children in Seoul, two adults in New York, and a bar at four in the morning where a third person listens.',
    }),
  },
  {
    file: 'cassettes.md',
    content: base({
      kind: 'feature',
      section: 'Music',
      headline: 'Why Cassettes Came Back',
      dek: 'Tape sales rose again in the 2020s. We asked why anyone would want hiss.',
      bylines: ['Sam Ortiz'],
      body: 'A draft the desk decided not to run.',
    }),
  },
];
