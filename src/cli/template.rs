//! CloudFormation templates on the command line: the options `check`,
//! `reach` and `import` share, recognising a template, and `netlint
//! import`.

use super::{ConfigArgs, Io, output, print_diagnostics, read_text};
use crate::cfn;
use crate::config::Config;
use crate::render::text::display_name;
use crate::template_check::{self, Options};
use clap::Args;
use std::borrow::Cow;
use std::io::Write;
use std::path::{Path, PathBuf};

/// How to read a template: its parameters, region and the network it
/// deploys into.
#[derive(Args, Debug, Clone, Default)]
pub struct TemplateArgs {
    /// A template parameter's value, `NAME=VALUE` (repeatable; wins over
    /// `--params`). `AWS::AccountId` and `AWS::StackName` set those pseudo
    /// parameters.
    #[arg(long = "param", value_name = "NAME=VALUE")]
    pub param: Vec<String>,
    /// Parameter values in the CloudFormation CLI's JSON format
    /// (`[{"ParameterKey": …, "ParameterValue": …}]`).
    #[arg(long, value_name = "FILE")]
    pub params: Option<PathBuf>,
    /// The region the stack deploys in (`AWS::Region`, `Fn::GetAZs`).
    #[arg(long, value_name = "REGION")]
    pub region: Option<String>,
    /// A `.net` file of the existing network the template deploys into;
    /// pass its names as the template's VPC, subnet and group parameters.
    #[arg(long, value_name = "FILE")]
    pub network: Option<PathBuf>,
}

impl TemplateArgs {
    /// The options, or what is wrong with them (for exit 2).
    pub fn options(&self) -> Result<Options, String> {
        let mut cfn_options = cfn::Options::default();
        cfn_options.pseudo.region = self.region.clone();
        if let Some(path) = &self.params {
            cfn_options.params.extend(read_params(path)?);
        }
        for p in &self.param {
            cfn_options.params.push(cfn::parse_cli_param(p)?);
        }
        let network = self.network.as_deref().map(read_network).transpose()?;
        Ok(Options {
            cfn: cfn_options,
            network,
            one_shot: false,
        })
    }

    /// The options for one template, as every command reads it: these,
    /// over the `[cloudformation]` table of the configuration that applies
    /// to `input` (found as `check` finds it, or as `config` names it).
    /// With `--verbose`, says which configuration on `err`.
    pub fn options_for(
        &self,
        input: &Path,
        config: &ConfigArgs,
        err: &mut dyn Write,
    ) -> Result<Options, String> {
        let options = self.options()?;
        let found = config.find(input, err)?;
        Ok(configured(&options, found.as_ref())?.into_owned())
    }
}

/// The text of an existing network's `.net` file.
fn read_network(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", display_name(path)))
}

/// The values of a parameters file, or what is wrong with it.
fn read_params(path: &Path) -> Result<Vec<cfn::GivenParam>, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", display_name(path)))?;
    let (given, problems) = cfn::read_params_file(&text);
    if let Some(p) = problems.first() {
        let line = text[..(p.span.start as usize).min(text.len())]
            .matches('\n')
            .count()
            + 1;
        return Err(format!("{}:{line}: {}", display_name(path), p.message));
    }
    Ok(given)
}

/// The command line's options with the `[cloudformation]` table of the
/// configuration found for a template under them (unchanged, not copied,
/// when there is none or it is empty).
pub fn configured<'o>(
    options: &'o Options,
    found: Option<&Config>,
) -> Result<Cow<'o, Options>, String> {
    match found.map(|c| &c.cloudformation) {
        Some(cf) if *cf != crate::config::Cloudformation::default() => {
            with_config(options, cf).map(Cow::Owned)
        }
        _ => Ok(Cow::Borrowed(options)),
    }
}

/// The command line's options with a `netlint.toml`'s `[cloudformation]`
/// under them: its `region` when `--region` is not given, its `params`
/// file's values before those of the command line (which win), its
/// `network` when `--network` is not given.
fn with_config(options: &Options, cf: &crate::config::Cloudformation) -> Result<Options, String> {
    let mut o = options.clone();
    if o.cfn.pseudo.region.is_none() {
        o.cfn.pseudo.region = cf.region.clone();
    }
    if o.network.is_none()
        && let Some(path) = &cf.network
    {
        o.network = Some(read_network(path)?);
    }
    if let Some(path) = &cf.params {
        let given = read_params(path)?;
        o.cfn.params.splice(0..0, given);
    }
    Ok(o)
}

/// Extensions a template is written with.
pub fn template_extension(path: &Path) -> bool {
    path.extension().and_then(|x| x.to_str()).is_some_and(|x| {
        matches!(
            x.to_ascii_lowercase().as_str(),
            "yaml" | "yml" | "json" | "template"
        )
    })
}

/// Whether an input is a template: by content (a `.net` file never is).
pub fn is_template(path: &Path, src: &str) -> bool {
    path.extension().is_none_or(|x| x != "net") && cfn::is_template(src)
}

#[derive(Args, Debug)]
pub struct ImportArgs {
    /// The template (`-` reads standard input).
    pub template: PathBuf,
    /// Write the `.net` file here (replaced atomically) instead of
    /// standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub template_args: TemplateArgs,
    /// netlint.toml's `[cloudformation]` (region, parameters file,
    /// existing network) applies as for `check`, under the command line's.
    #[command(flatten)]
    pub config: ConfigArgs,
}

/// `netlint import`: the template as a `.net` file. Exit 0 written, 1
/// written but the template had errors, 2 not written.
pub fn import(args: &ImportArgs, io: &mut Io<'_>) -> i32 {
    let options = match args
        .template_args
        .options_for(&args.template, &args.config, io.stderr)
    {
        Ok(o) => o,
        Err(e) => {
            let _ = writeln!(io.stderr, "error: {e}");
            return 2;
        }
    };
    let name = display_name(&args.template);
    let source = match read_text(&args.template, io.stdin, io.stderr, false, 2) {
        Ok(t) => t,
        Err(status) => return status,
    };
    let src = source.as_str();
    let (lowered, diagnostics) = template_check::lower(src, &options);
    let errors: Vec<_> = diagnostics
        .iter()
        .filter(|d| d.severity >= crate::diagnostics::Severity::Warning)
        .cloned()
        .collect();
    if !errors.is_empty() {
        print_diagnostics(io.stderr, &args.template, src, &errors, false, false);
    }
    let Some(lowered) = lowered else {
        let _ = writeln!(io.stderr, "error: {name} could not be read as a template");
        return 2;
    };
    let written = match &args.output {
        None => output::write_all(io.stdout, lowered.text.as_bytes()),
        Some(path) => output::write_file(
            path,
            lowered.text.as_bytes(),
            &[args.template.as_path()],
            io.stdout,
        ),
    };
    if let Err(e) = written {
        let what = args
            .output
            .as_deref()
            .map_or_else(|| "the network".to_string(), display_name);
        return output::write_failed(io.stderr, &what, &e);
    }
    let failed = diagnostics
        .iter()
        .any(|d| d.severity == crate::diagnostics::Severity::Error);
    i32::from(failed)
}
