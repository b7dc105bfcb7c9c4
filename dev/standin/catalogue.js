'use strict';
/**
 * The demo catalogue: research artifacts of community `artifacts-demo`.
 * Each concept has one or more versions; each version has files whose
 * content is described by generator specs (see seeds.js), never committed.
 */

const nb = (path, title, cells = 6) => ({
  path,
  gen: 'notebook',
  title,
  cells
});
const table = (path, rows, columns) => ({ path, gen: 'csv', rows, columns });
const plot = (path, width = 320, height = 200) => ({
  path,
  gen: 'plot',
  width,
  height
});
const tile = (path, width, height) => ({ path, gen: 'noise', width, height });
const text = (path, body) => ({ path, gen: 'text', body });

const readme = (title, extra = '') =>
  text(
    'README.md',
    `# ${title}\n\nSee the notebooks in \`notebooks/\` for the analysis and \`data/\` for the inputs.\n${extra}`
  );

/** @type {Array<object>} */
const CONCEPTS = [
  {
    slug: 'urban-heat-lyon',
    title: 'Urban heat island analysis notebooks for Lyon, 2015–2023',
    description:
      '<p>Jupyter notebooks and station data used to quantify the <strong>urban heat island</strong> of the Lyon metropolitan area between 2015 and 2023.</p><p>Includes hourly temperature records from 48 stations and the figures of the paper.</p>',
    creators: [
      {
        name: 'Moreau, Camille',
        affiliation: 'Université Claude Bernard Lyon 1',
        orcid: '0000-0002-1825-0097'
      },
      { name: 'Okafor, Chidi', affiliation: 'CNRS' }
    ],
    keywords: ['urban climate', 'heat island', 'jupyter', 'temperature'],
    upload_type: 'dataset',
    license: 'cc-by-4.0',
    versions: [
      { version: 'v1.0', date: '2023-02-14', archive: 'zip', rows: 400 },
      { version: 'v1.1', date: '2023-06-02', archive: 'zip', rows: 600 },
      {
        version: 'v2.0',
        date: '2024-01-19',
        archive: 'zip',
        rows: 900,
        extraPlot: true
      }
    ]
  },
  {
    slug: 'coral-bleaching-transects',
    title:
      'Coral reef bleaching survey: transect data and plots (Great Barrier Reef, 2022)',
    description:
      '<p>Belt-transect observations of coral bleaching severity at 31 reefs, with the notebook that produces the severity maps.</p>',
    creators: [
      { name: 'Nguyen, Thi Mai', affiliation: 'James Cook University' },
      { name: 'Hughes, Aaron', affiliation: 'AIMS' },
      { name: 'Patel, Riya' }
    ],
    keywords: ['coral reefs', 'bleaching', 'marine ecology', 'survey'],
    upload_type: 'dataset',
    license: 'cc-by-4.0',
    versions: [
      { version: '1.0.0', date: '2022-11-08', archive: 'tar.gz', rows: 300 },
      { version: '1.1.0', date: '2023-03-21', archive: 'tar.gz', rows: 520 }
    ]
  },
  {
    slug: 'seedling-survival-model',
    title:
      'Reproducibility package: Bayesian hierarchical model of seedling survival',
    description:
      '<p>Code, data and notebooks to reproduce all analyses of <em>Seedling survival under drought across an elevation gradient</em>. The model is fitted with PyMC.</p>',
    creators: [
      {
        name: 'Lindqvist, Elin',
        affiliation: 'Stockholm University',
        orcid: '0000-0001-5109-3700'
      }
    ],
    keywords: ['ecology', 'bayesian statistics', 'pymc', 'reproducibility'],
    upload_type: 'software',
    license: 'mit',
    versions: [
      {
        version: '1.0',
        date: '2023-09-30',
        archive: 'zip',
        rows: 250,
        notebooks: 3
      }
    ]
  },
  {
    slug: 'confocal-root-tips',
    title:
      'Confocal microscopy tiles of Arabidopsis root tips (raw, 16 positions)',
    description:
      '<p>Raw confocal tiles of <em>Arabidopsis thaliana</em> root tips expressing a membrane marker, with the stitching notebook. This is the largest artifact of the collection (about 50 MB).</p>',
    creators: [
      { name: 'Schneider, Jonas', affiliation: 'EMBL Heidelberg' },
      { name: 'Ito, Haruka', affiliation: 'EMBL Heidelberg' }
    ],
    keywords: ['microscopy', 'plant biology', 'imaging', 'arabidopsis'],
    upload_type: 'image',
    image_type: 'photo',
    license: 'cc-by-4.0',
    versions: [
      {
        version: '1.0',
        date: '2024-04-11',
        archive: 'zip',
        rows: 64,
        tiles: [4, 2048, 2048]
      }
    ]
  },
  {
    slug: 'rhone-discharge',
    title: 'Daily river discharge records, Rhône basin (1990–2020)',
    description:
      '<p>Quality-controlled daily discharge at 120 gauging stations of the Rhône basin, as CSV, with a notebook for gap filling.</p>',
    creators: [
      { name: 'Girard, Louis', affiliation: 'INRAE' },
      { name: 'Bianchi, Sofia' }
    ],
    keywords: ['hydrology', 'river discharge', 'time series', 'csv'],
    upload_type: 'dataset',
    license: 'cc-by-4.0',
    versions: [
      { version: '2021.1', date: '2021-05-17', archive: 'tar.gz', rows: 60000 }
    ]
  },
  {
    slug: 'vineyard-ndvi',
    title: 'Sentinel-2 NDVI time series for vineyard plots in Burgundy',
    description:
      '<p>NDVI rasters (as PNG previews) and per-plot time series extracted from Sentinel-2 L2A scenes, 2018–2022.</p>',
    creators: [
      { name: 'Dubois, Claire', affiliation: 'Université de Bourgogne' }
    ],
    keywords: ['remote sensing', 'sentinel-2', 'agriculture', 'ndvi'],
    upload_type: 'dataset',
    license: 'cc-by-sa-4.0',
    versions: [
      {
        version: '1.0',
        date: '2022-12-01',
        archive: 'zip',
        rows: 800,
        tiles: [3, 800, 800]
      }
    ]
  },
  {
    slug: 'timeseries-teaching',
    title:
      'Teaching notebooks: introduction to time-series analysis with pandas',
    description:
      '<p>Six short notebooks used in the graduate course <em>Data analysis for environmental sciences</em>. Each notebook ends with exercises.</p>',
    creators: [
      { name: 'García, Lucía', affiliation: 'Universidad de Granada' }
    ],
    keywords: ['teaching', 'pandas', 'time series', 'jupyter'],
    upload_type: 'lesson',
    license: 'cc-by-4.0',
    versions: [
      {
        version: '2022',
        date: '2022-09-05',
        archive: 'zip',
        rows: 120,
        notebooks: 4
      },
      {
        version: '2023',
        date: '2023-09-04',
        archive: 'zip',
        rows: 120,
        notebooks: 5
      },
      {
        version: '2024',
        date: '2024-09-02',
        archive: 'zip',
        rows: 150,
        notebooks: 6
      }
    ]
  },
  {
    slug: 'sparse-solver-bench',
    title:
      'Benchmark results for sparse linear solvers on ARM and x86 clusters',
    description:
      '<p>Timings of direct and iterative sparse solvers (SuperLU, MUMPS, PETSc GMRES) on 212 SuiteSparse matrices, with the plotting notebook.</p>',
    creators: [
      { name: 'Kowalski, Piotr', affiliation: 'Jülich Supercomputing Centre' },
      { name: 'Rossi, Marco' }
    ],
    keywords: ['hpc', 'benchmark', 'linear algebra', 'performance'],
    upload_type: 'dataset',
    license: 'cc-zero',
    versions: [
      { version: '1.0', date: '2023-07-12', archive: 'tar.gz', rows: 2000 }
    ]
  },
  {
    slug: 'air-quality-calibration',
    title: 'Low-cost air quality sensor calibration dataset (PM2.5, NO2)',
    description:
      '<p>Co-located measurements of 24 low-cost sensors and a reference station over 14 months, with calibration notebooks.</p>',
    creators: [{ name: 'Hansen, Mette', affiliation: 'Aarhus University' }],
    keywords: ['air quality', 'sensors', 'calibration', 'pm2.5'],
    upload_type: 'dataset',
    license: 'cc-by-4.0',
    versions: [
      { version: '1.2', date: '2023-04-27', archive: 'zip', rows: 3000 }
    ]
  },
  {
    slug: 'alpine-beetles-figures',
    title: "Figures and source data for 'Thermal tolerance of alpine beetles'",
    description:
      '<p>Source data for every figure of the article, one CSV per panel, and the figures as PNG.</p>',
    creators: [
      { name: 'Bauer, Lena', affiliation: 'Universität Innsbruck' },
      { name: 'Fontaine, Hugo' }
    ],
    keywords: ['entomology', 'thermal tolerance', 'figures'],
    upload_type: 'image',
    image_type: 'figure',
    license: 'cc-by-4.0',
    versions: [
      { version: '1.0', date: '2021-10-03', archive: 'zip', rows: 80, plots: 5 }
    ]
  },
  {
    slug: 'seismic-spectrograms',
    title: 'Seismic noise spectrograms, station CH.DAVOX (2019)',
    description:
      '<p>Hourly spectrograms of ambient seismic noise at a Swiss broadband station, as images, with the processing notebook.</p>',
    creators: [{ name: 'Meier, Stefan', affiliation: 'ETH Zürich' }],
    keywords: ['seismology', 'ambient noise', 'spectrogram'],
    upload_type: 'dataset',
    license: 'cc-by-4.0',
    versions: [
      {
        version: '1.0',
        date: '2020-02-18',
        archive: 'tar.gz',
        rows: 200,
        tiles: [2, 1400, 1400]
      }
    ]
  },
  {
    slug: 'scrnaseq-qc',
    title: 'Jupyter workflow for single-cell RNA-seq quality control',
    description:
      '<p>A Scanpy-based notebook workflow for filtering cells and genes, doublet detection and QC reports, with a small example matrix.</p>',
    creators: [
      {
        name: 'Andersson, Karin',
        affiliation: 'SciLifeLab',
        orcid: '0000-0003-1415-9269'
      },
      { name: 'Mensah, Kwame', affiliation: 'SciLifeLab' }
    ],
    keywords: ['single-cell', 'rna-seq', 'scanpy', 'workflow', 'jupyter'],
    upload_type: 'software',
    license: 'bsd-3-clause',
    versions: [
      {
        version: '0.9.0',
        date: '2023-01-10',
        archive: 'zip',
        rows: 500,
        notebooks: 2
      },
      {
        version: '1.0.0',
        date: '2023-05-22',
        archive: 'zip',
        rows: 500,
        notebooks: 3
      }
    ]
  },
  {
    slug: 'household-energy-survey',
    title: 'Survey microdata: household energy use questionnaire (anonymised)',
    description:
      '<p>Anonymised responses of 2,400 households to a questionnaire on heating, appliances and energy bills, with the codebook.</p>',
    creators: [{ name: 'Novak, Tereza', affiliation: 'Charles University' }],
    keywords: ['social science', 'energy', 'survey', 'microdata'],
    upload_type: 'dataset',
    license: 'cc-by-nc-4.0',
    versions: [
      { version: '1', date: '2022-03-30', archive: 'tar.gz', rows: 2400 }
    ]
  },
  {
    slug: 'ligurian-glider',
    title: 'Ocean glider temperature and salinity profiles, Ligurian Sea 2022',
    description:
      '<p>Profiles from three Slocum glider missions, gridded and raw, with a plotting notebook.</p>',
    creators: [{ name: 'Romano, Giulia', affiliation: 'CNR-ISMAR' }],
    keywords: ['oceanography', 'glider', 'ctd', 'mediterranean'],
    upload_type: 'dataset',
    license: 'cc-by-4.0',
    versions: [
      { version: '1.0', date: '2023-02-28', archive: 'zip', rows: 4000 }
    ]
  },
  {
    slug: 'weather-diaries',
    title: 'Historic weather diaries transcription (crowd-sourced, 1860–1910)',
    description:
      '<p>Transcribed daily weather observations from 19th-century diaries.</p><script>alert("xss from description")</script><img src="x" onerror="alert(\'xss from onerror\')"><p>The description above contains markup that a catalogue must sanitise.</p>',
    creators: [
      { name: 'Evans, Rhiannon', affiliation: 'University of Reading' }
    ],
    keywords: ['climate history', 'citizen science', 'transcription'],
    upload_type: 'dataset',
    license: 'cc-by-4.0',
    versions: [
      { version: '1.0', date: '2021-08-19', archive: 'zip', rows: 700 }
    ]
  },
  {
    slug: 'turbulent-jet-ptv',
    title:
      'Particle tracking velocimetry of a turbulent round jet (Re = 10,000)',
    description:
      '<p>Two raw camera frames, particle tracks as CSV and the notebook that computes velocity statistics.</p>',
    creators: [
      { name: 'Yamamoto, Kenji', affiliation: 'TU Delft' },
      { name: 'de Vries, Anouk', affiliation: 'TU Delft' }
    ],
    keywords: ['fluid dynamics', 'turbulence', 'ptv', 'experiments'],
    upload_type: 'dataset',
    license: 'cc-by-4.0',
    versions: [
      {
        version: '1.0',
        date: '2024-06-03',
        archive: 'tar.gz',
        rows: 5000,
        tiles: [2, 1024, 1024]
      }
    ]
  },
  {
    slug: 'crop-type-models',
    title: 'Model cards and evaluation notebooks for crop-type mapping',
    description:
      '<p>Evaluation notebooks, confusion matrices and model cards for three crop-type classifiers trained on Sentinel-1/2 data.</p>',
    creators: [{ name: 'Mwangi, Grace', affiliation: 'ICRAF' }],
    keywords: ['machine learning', 'agriculture', 'model card', 'evaluation'],
    upload_type: 'software',
    license: 'apache-2.0',
    versions: [
      {
        version: '1.0',
        date: '2024-02-07',
        archive: 'zip',
        rows: 300,
        plots: 3
      }
    ]
  },
  {
    slug: 'birdsong-spectrograms',
    title: 'Bird song recordings: metadata and spectrogram images',
    description:
      '<p>Metadata of 1,150 recordings of European passerines and a spectrogram for a subset.</p>',
    creators: [{ name: 'Lefèvre, Amélie', affiliation: 'MNHN Paris' }],
    keywords: ['bioacoustics', 'ornithology', 'spectrogram'],
    upload_type: 'dataset',
    license: 'cc-by-4.0',
    versions: [
      {
        version: '1.0',
        date: '2022-05-12',
        archive: 'zip',
        rows: 1150,
        plots: 4
      }
    ]
  },
  {
    slug: 'glacier-mass-balance',
    title: 'Glacier mass balance reanalysis, Swiss Alps',
    description:
      '<p>Annual and seasonal mass balance of 176 glaciers, reanalysed with a distributed model.</p>',
    creators: [
      { name: 'Huss, Matthias' },
      { name: 'Brunner, Nina', affiliation: 'WSL' }
    ],
    keywords: ['glaciology', 'mass balance', 'climate change'],
    upload_type: 'dataset',
    license: 'cc-by-4.0',
    versions: [
      { version: '2022', date: '2022-10-01', archive: 'tar.gz', rows: 1800 },
      { version: '2023', date: '2023-10-02', archive: 'tar.gz', rows: 1900 }
    ]
  },
  {
    slug: 'fuel-cell-degradation',
    title: 'Hydrogen fuel cell degradation test logs (1,000 h)',
    description:
      '<p>Voltage, current and impedance logs of a PEM fuel cell stack over a 1,000-hour durability test.</p>',
    creators: [{ name: 'Schmidt, Anna', affiliation: 'Fraunhofer ISE' }],
    keywords: ['energy', 'fuel cells', 'durability'],
    upload_type: 'dataset',
    license: 'cc-by-4.0',
    versions: [
      { version: '1.0', date: '2023-11-15', archive: 'zip', rows: 10000 }
    ]
  },
  {
    slug: 'minimum-wage-replication',
    title: 'Replication notebooks: minimum wage and employment (county panel)',
    description:
      '<p>Replication package with cleaned county-level panel data and the estimation notebooks.</p>',
    creators: [
      { name: 'Okonkwo, Adaeze', affiliation: 'LSE' },
      { name: 'Berg, Johan' }
    ],
    keywords: ['economics', 'replication', 'panel data'],
    upload_type: 'publication',
    publication_type: 'workingpaper',
    license: 'cc-by-4.0',
    versions: [
      {
        version: '1.0',
        date: '2021-03-09',
        archive: 'zip',
        rows: 3100,
        notebooks: 2
      }
    ]
  },
  {
    slug: 'soil-microbiome',
    title: 'Soil microbiome 16S abundance tables across a land-use gradient',
    description:
      '<p>ASV abundance tables and taxonomy for 96 soil samples, with the diversity notebook.</p>',
    creators: [
      { name: 'Kim, Ji-woo', affiliation: 'Seoul National University' }
    ],
    keywords: ['microbiology', 'soil', '16s', 'biodiversity'],
    upload_type: 'dataset',
    license: 'cc-by-4.0',
    versions: [
      { version: '1.0', date: '2024-03-05', archive: 'tar.gz', rows: 1500 }
    ]
  }
];

/** Expands a concept version into a list of archive entries (generator specs). */
function archiveEntries(concept, v, index) {
  const entries = [readme(concept.title, `\nVersion ${v.version}.\n`)];
  const nbs = v.notebooks || 1;
  for (let i = 0; i < nbs; i++) {
    entries.push(
      nb(
        `notebooks/${String(i + 1).padStart(2, '0')}-analysis.ipynb`,
        `${concept.title} (${i + 1})`
      )
    );
  }
  entries.push(table('data/observations.csv', v.rows));
  const plots = v.plots || 1;
  for (let i = 0; i < plots; i++) {
    entries.push(plot(`figures/figure-${i + 1}.png`));
  }
  if (v.extraPlot) {
    entries.push(plot('figures/trend.png', 480, 300));
  }
  if (v.tiles) {
    const [n, w, h] = v.tiles;
    for (let i = 0; i < n; i++) {
      entries.push(
        tile(`raw/tile-${String(i + 1).padStart(2, '0')}.png`, w, h)
      );
    }
  }
  entries.push(
    text(
      'CITATION.cff',
      `cff-version: 1.2.0\ntitle: "${concept.title.replace(/"/g, "'")}"\nversion: "${v.version}"\n`
    )
  );
  return entries.map(e => ({
    ...e,
    seed: `${concept.slug}/${index}/${e.path}`
  }));
}

module.exports = { CONCEPTS, archiveEntries };
